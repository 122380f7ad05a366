# Portico's words in English: billing pages. Every message has its twin in ../es/billing.ftl.
# Amounts of money come formatted by the server.

## Shared by the billing pages: the table of entries

billing-date = Date
billing-what = What
billing-description = Description
billing-amount = Amount
billing-status = Status

## The bill: what is owed, paying by card, payments, statements, entries

billing-title = Billing
billing-you-owe = You owe { $amount }
billing-they-owe = { $name } owes { $amount }
billing-nothing-owed = Nothing is owed now (balance { $amount })
billing-pay-by-card = Pay by card
billing-pay-amount = Amount ({ $currency })
billing-card = Card
billing-card-note = Your card's details go straight to the card processor; Portico never sees them.
billing-card-needs-script = Paying by card needs JavaScript: the card processor's own fields take the card.
billing-card-unreachable = The card processor cannot be reached. Try again in a minute.
billing-card-refused = The card was not accepted.
billing-bank-check-unfinished = The bank's check did not finish.
billing-pay-now = Pay now
billing-paying = Paying…
billing-call-office = To pay, call the clinic's billing office.
billing-visits-title = What you owe and why
billing-no-bills = No bills yet.
billing-payments-title = Payments
billing-no-payments = No payments online yet.
billing-refunded = Refunded.
billing-refund-amount = Refund amount
billing-reason = Reason
billing-refund = Refund
billing-refunding = Refunding…
billing-statements-title = Statements
billing-no-statements = No statements yet.
billing-post-title = Post an entry
billing-posted = Posted.
billing-entry-kind = Kind
billing-entry-desk-payment = Payment at the desk (cash or cheque)
billing-entry-adjustment = Adjustment (negative for a credit)
billing-entry-description = Description the patient sees
billing-entry-reason = Reason (needed for adjustments and write-offs)
billing-post = Post
billing-posting = Posting…
billing-entries-title = Every entry
billing-entries-caption = Charges, insurance, payments and adjustments, newest first

## The bank's check of a card payment (the sentence ends with its button)

billing-check-closed = When your bank's window has closed, the payment shows here. If it does not,
billing-check-payment = check the payment

## Paying over time

billing-plan-title = Pay over time
billing-plan-started = The plan has started.
billing-plan-ended = The plan has ended.
billing-plan-missed = An instalment is past its day. Please pay it, or call the billing office.
billing-instalments = Instalments
billing-instalment-number = #
billing-due = Due
billing-plan-end = End the plan
billing-plan-ending = Ending…
billing-plan-hint = Spread what is owed now over monthly payments. Pay each month here, or at the desk.
billing-plan-months = Monthly payments
billing-plan-start = Start the plan
billing-plan-starting = Starting…

## The insurance card ($side is the side's name, "front of the card")

billing-insurance-title = Insurance card
billing-insurance-hint = A photo of each side lets the billing office read your member and group numbers. JPEG or PNG; the photo's hidden details (camera, place, time) are removed.
billing-insurance-removed = Removed.
billing-insurance-picture = { $side } (insurance card)
billing-insurance-replace = Replace the picture ({ $side })
billing-insurance-add = Add a picture ({ $side })
billing-insurance-save = Save the picture
billing-insurance-remove = Remove
billing-insurance-removing = Removing…
billing-insurance-none = No picture yet.

## One month's statement

statement-title = Statement
statement-back = ← Billing
statement-for = Statement for { $month }
statement-opening = Owed at the start of the month
statement-closing = Owed at the end of the month
statement-entries = This month's entries

## The billing office's day

office-title = Payments
office-heading = Payments on { $day }
office-day = Day
office-collected = Collected online: { $amount }
office-save-csv = Save as CSV
office-no-payments = No payments online that day.
office-payments-caption = Payments made online that day
office-time = Time
office-patient = Patient
office-plans-behind = Payment plans behind
office-aging-title = What is owed, by age
office-aging-caption = Patients who owe, the longest-owed first
office-owes = Owes
office-days-first = 0–30 days
office-days-second = 31–60
office-days-third = 61–90
office-days-over = Over 90
office-all-patients = All patients

## A visit's part of the bill, in a sentence ($description is the visit's service as imported)
# Amounts come formatted by the server; $date is the visit's day.

bill-visit = { $description }, { $date }: billed { $billed }, you owe { $owed }
bill-visit-insured = { $description }, { $date }: billed { $billed }, insurance paid { $insurance }, you owe { $owed }
bill-visit-adjusted = { $description }, { $date }: billed { $billed }, adjusted { $adjusted }, you owe { $owed }
bill-visit-insured-adjusted = { $description }, { $date }: billed { $billed }, insurance paid { $insurance }, adjusted { $adjusted }, you owe { $owed }

## The card processor's answers: its usual words have a message each (the English is the
## processor's own text, word for word); other words are shown as it gave them ($message).

bill-card-declined = Your card was declined.
bill-card-expired = Your card has expired.
bill-card-security-code = Your card's security code is incorrect.
bill-card-number = Your card number is incorrect.
bill-card-funds = Your card has insufficient funds.
bill-card-processing-error = An error occurred while processing your card. Try again in a little bit.
bill-card-authentication = The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.
bill-card-authentication-brief = The provided PaymentMethod has failed authentication.
bill-processor-said = { $message }
bill-processor-answered = the card processor answered { $status }

## Refusals: why a payment, an entry, a refund or a plan was not made

bill-post-kind = refunds go through the card processor and insurance payments come with the claims; post a charge, a payment at the desk, an adjustment or a write-off
bill-negative-amount = only an adjustment can be negative
bill-entry-description = say what the entry is for
bill-entry-reason = give the reason for the adjustment or write-off
bill-staff-pay = the patient's side pays online; staff record other payments as entries
bill-no-online-payments = this clinic does not take payments online
bill-reload = reload the page and try again
bill-card-again = enter the card's details again
bill-nothing-owed = nothing is owed now
bill-pay-at-most = you owe { $balance }; pay at most that
bill-payment-not-made = the payment could not be made; nothing was charged
bill-intent-mismatch = the processor's intent does not match this payment
bill-refund-reason = give the reason for the refund
bill-refund-not-paid = only a payment that went through can be refunded
bill-refund-at-most = at most { $amount } of this payment is left to refund
bill-refund-not-made = the card processor did not make the refund
bill-not-our-payment = not a payment of this clinic
bill-no-such-kind = no such kind of entry
bill-no-such-day = no such day
bill-day-written = a day is written 2026-12-07
bill-month-written = a month is written 2026-03
bill-card-side = choose the front or the back of the card
bill-card-not-pdf = a card is stored as a photo: choose a JPEG or PNG picture, not a PDF
bill-card-choose = choose a picture of the card
bill-card-unreadable = the upload could not be read ({ $error }); nothing was stored
bill-card-form-order = the form must name the patient and the side before its file
bill-card-too-large = the picture is larger than { $size }; nothing was stored
bill-field-too-long = is too long
bill-plan-choose-months = choose how many months
bill-plan-nothing-owed = nothing is owed now, so there is nothing to spread out
bill-plan-months = a plan has from 2 to { $most } monthly instalments
bill-plan-least = each instalment must be at least { $least }; choose fewer months
bill-plan-running = a payment plan is already running; it shows below
bill-currency-code = a currency is a three-letter code such as USD
bill-amount-written = write the amount in { $currency } with at most { $decimals } decimals, such as 25.00
bill-amount-too-large = that amount is larger than any bill
bill-amount-positive = the amount must be more than zero

## What Portico writes as an entry's description ($insurer is the insurer's name from the record)

bill-line-paid-by = Paid by { $insurer }
bill-line-insurer-discount = { $insurer }'s agreed discount
bill-line-adjustment = Adjustment
bill-line-paid-online = Payment online, thank you
bill-line-refund = Refund of a payment
