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
