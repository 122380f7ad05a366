# Portico's words in English: the words the server puts into page data. Every message has its twin
# in ../es/labels.ftl. A named value's message is `<kind>-<code>` (see `i18n::Named`), its English
# exactly the value's `label()` (a test holds them to it); a result's flag is in main.ftl.

## Appointments: a visit's status, visits from records, booking

appointment-status-requested = Requested
appointment-status-booked = Booked
appointment-status-arrived = Arrived
appointment-status-fulfilled = Seen
appointment-status-cancelled = Cancelled
appointment-status-noshow = Missed
appointment-status-declined = Handled
appointment-recorded = Recorded
appointment-no-time-given = No time given
appointment-booked-for = Booked for { $when }.
appointment-moved-to = Moved to { $when }.
appointment-request-sent = Your request was sent. The clinic will book a time and let you know.
appointment-week-of = Week of { $day }

## Messages: what a conversation is about, who answers it, where it stands

message-topic-medical = A medical question
message-topic-private = A private health question
message-topic-appointment = An appointment
message-topic-billing = A bill or insurance
message-topic-prescription = A prescription
message-pool-clinicians = Care team
message-pool-front-desk = Front desk
message-pool-billing = Billing office
message-pool-renewals = Prescription renewals
conversation-status-open = Open
conversation-status-waiting = Waiting on the patient
conversation-status-closed = Closed
message-file-limits = Up to { $count } files: PDF, JPEG or PNG, at most { $each } each and { $together } together.

## Sharing: what a caregiver may see, where their access stands

scope-records = Health record
scope-results = Test results
scope-appointments = Appointments
scope-messages = Messages
scope-refills = Prescription refills
scope-billing = Bills and insurance
scope-manage-access = Sharing and access log
grant-status-invited = Invitation sent
grant-status-active = Active
grant-status-expired = Expired
grant-status-revoked = Revoked
grant-status-ended-at-majority = Ended at 18
grant-kind-guardian = Parent or guardian
grant-kind-personal = Caregiver

## Renewals: what a request asks for, where it stands, the prescription

renewal-kind-refill = Refill
renewal-kind-renewal = Renewal (a new prescription)
renewal-status-pending = Waiting for the care team
renewal-status-approved = Approved
renewal-status-denied = Not approved
renewal-status-visit = Needs a visit
renewal-asks-refill = { $remaining ->
    [one] A refill: { $remaining } refill left on this prescription.
   *[other] A refill: { $remaining } refills left on this prescription.
}
renewal-asks-renewal = A renewal: a clinician writes a new prescription.
renewal-latest = { $kind }: { $status } (asked { $date })
prescription-medicine = Medicine
prescription-dosage = Dosage
prescription-prescribed = Prescribed
prescription-valid-until = Valid until
prescription-refills = Refills
prescription-refills-used = { $allowed } allowed, { $dispensed } dispensed

## Account: the e-mails a person may turn off, invitation codes

email-setting-visit_reminders = Visit reminders by e-mail
email-setting-clinic_news = An e-mail when the clinic answers a message or a request
email-setting-staff_digest = A daily e-mail when conversations wait unread in my inbox
invitation-status-awaiting-approval = Needs a second approval
invitation-status-pending = Waiting
invitation-status-used = Enrolled
invitation-status-expired = Expired
invitation-status-revoked = Replaced

## Billing: entries, payments, plans, the insurance card

ledger-entry-charge = Charge
ledger-entry-insurance = Insurance paid
ledger-entry-adjustment = Adjustment
ledger-entry-payment = Payment
ledger-entry-refund = Refund
ledger-entry-write-off = Write-off
payment-status-processing = Processing
payment-status-succeeded = Paid
payment-status-failed = Declined
payment-refunded = { $amount } refunded
payment-confirm-with-bank = Your card's bank asks you to confirm this payment; follow its window.
payment-still-processing = The card processor is still working on it; this page will show the payment when it is done.
payment-declined = The card was declined.
instalment-state-paid = Paid
instalment-state-next = Next
instalment-state-upcoming = Upcoming
instalment-state-missed = Missed
plan-summary = { $total } in { $count } monthly instalments
plan-progress = { $paid } paid of { $total }
plan-choice = { $months } monthly payments of about { $part }
plan-missed = Missed { $amount } due { $due }; { $paid } paid of { $total }
card-side-front = Front of the card
card-side-back = Back of the card
card-added = Added { $when }

## A record's FHIR status codes, as lists and details show them (hyphens read as spaces)
fhir-status-active = active
fhir-status-inactive = inactive
fhir-status-resolved = resolved
fhir-status-recurrence = recurrence
fhir-status-relapse = relapse
fhir-status-remission = remission
fhir-status-completed = completed
fhir-status-stopped = stopped
fhir-status-on-hold = on hold
fhir-status-cancelled = cancelled
fhir-status-entered-in-error = entered in error
fhir-status-draft = draft
fhir-status-unknown = unknown
fhir-status-final = final
fhir-status-preliminary = preliminary
fhir-status-amended = amended
fhir-status-corrected = corrected
fhir-status-registered = registered
fhir-status-partial = partial
fhir-status-appended = appended
fhir-status-planned = planned
fhir-status-arrived = arrived
fhir-status-triaged = triaged
fhir-status-in-progress = in progress
fhir-status-onleave = onleave
fhir-status-finished = finished
fhir-status-current = current
fhir-status-superseded = superseded
fhir-status-not-done = not done
fhir-status-intended = intended
fhir-status-confirmed = confirmed
fhir-status-unconfirmed = unconfirmed
fhir-status-provisional = provisional
fhir-status-differential = differential
fhir-status-refuted = refuted
fhir-status-not-taken = not taken
fhir-status-revoked = revoked
fhir-status-ended = ended
fhir-status-accepted = accepted
fhir-status-rejected = rejected
fhir-status-suspended = suspended
