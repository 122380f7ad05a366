# Portico's words in English: records pages. Every message has its twin in ../es/records.ftl.

## About the patient (the record's first page)

overview-name = Name
overview-birth-date = Date of birth
overview-born = { $date } (age { $age })
overview-email = E-mail for notices
overview-no-email = None on file
overview-account = Portico account
overview-account-set-up = Set up
overview-account-not-set-up = Not set up yet

## Sharing: who else may see the record

sharing-lead-self = People who may see parts of the record and act for you.
sharing-lead-other = People who may see parts of the record and act for this patient.
sharing-who = Who has access
sharing-nobody = Nobody else has access.
sharing-invite-caregiver = Invite a caregiver
sharing-add-guardian = Add a parent or guardian
sharing-invite-text = They set up their own account and passkey with a one-time code; they never use yours.
sharing-name = Their name
sharing-relationship = Who they are to the patient
sharing-relationship-placeholder = Daughter, husband, neighbour…
sharing-email = Their e-mail (optional)
sharing-scopes = What they may see and do
sharing-last-day = Last day of access (optional)
sharing-create = Create invitation code
sharing-until = until { $date }
sharing-change = Change access
sharing-change-for = Change access for { $name }
sharing-revoke = Revoke
sharing-revoke-confirm = Yes, revoke access
sharing-keep = Keep
sharing-last-day-edit = Last day of access (empty for none)
sharing-save = Save changes
sharing-changed = Access changed for { $name }.
sharing-revoked = { $name } no longer has access.

## The access log

access-log-loading = Loading the access log…
access-log-lead = Everyone who opened or changed this record in Portico, newest first. Times are the clinic's local time.
access-log-person = Person
access-log-everyone = Everyone
access-log-none = Nothing matches these filters.
access-log-entries = Access log entries
access-log-when = When
access-log-who = Who
access-log-what = What
access-log-refused = Refused
access-log-pages = Pages of the access log

## Refusals and notes of an import, and of the record's pages
# Where an imported entry was read, and a refusal naming it ("bundle.json, entry 4: …").

fhir-place-file = { $file }
fhir-place-entry = { $file }, entry { $entry }
fhir-place-line = { $file }, line { $line }
fhir-at = { $place }: { $problem }
fhir-not-json-at = not valid JSON (line { $line }, column { $column }): { $error }
fhir-line-not-json = line { $line }: not valid JSON: { $error }
fhir-line-not-utf8 = line { $line }: not UTF-8 text
fhir-not-utf8 = not UTF-8 text
fhir-no-resource-type = not a FHIR resource (no resourceType)
fhir-bundle-type = a Bundle of type "{ $kind }" cannot be imported (batch, transaction, collection, searchset or document)
fhir-entry-no-resource = the entry has no resource
fhir-no-id = the resource has no id and no full URL
fhir-bad-id = "{ $id }" is not a valid resource id
fhir-reference = reference "{ $reference }" { $problem }
fhir-reference-search = only identifier= searches are supported in references, not { $name }=
fhir-reference-no-identifier = the reference has no identifier= search
fhir-reference-no-match = matches no resource in this import or stored earlier
fhir-reference-many = matches { $count } resources, not one
fhir-reference-no-entry = matches no entry of this import
fhir-reference-unfollowable = is not a reference Portico can follow
rec-source-name = a source name is up to 64 letters, digits and . _ - : /
rec-choose-files = choose at least one file
rec-upload-unreadable = the upload could not be read ({ $error }); nothing was imported
rec-patient-no-name = the Patient has no name
rec-patient-no-given-or-family = the Patient has no given or family name
rec-patient-no-birth-date = the Patient has no full birthDate (YYYY-MM-DD); enrolment checks it
rec-delete-no-key = DELETE "{ $url }" names no resource (Type/id)
rec-delete-patient = DELETE { $key }: an import does not remove patients; the clinic does that in Portico
rec-patient-missing = { $key } is about Patient/{ $patient }, which is neither in this import nor imported before
rec-would-move = { $key } is already in another patient's record, and this import would move it; nothing was imported (an export from another system may reuse ids)
rec-bundle-no-patient = holds no Patient
rec-import-running = another import is running; its progress is on this page. Start this one when it has finished
rec-import-failed-server = the import failed on the server; nothing was stored. Try again, or ask the administrator to look at the server log
rec-import-interrupted = the server stopped while this import ran; nothing of it was stored. Import the files again
rec-by-former-staff = a former staff member
rec-by-command-line = the command line
rec-note-repeated = { $count } repeated and stored once (the newest copy)
rec-note-deleted = { $count } removed by DELETE entries
rec-note-reads-ignored = { $count } GET/HEAD entries ignored
rec-note-links-dropped = { $count } links to kinds Portico does not keep dropped (their text kept)
rec-delay-not-pair = "{ $item }" is not category=hours
rec-delay-category = "{ $category }" is not a category name
rec-delay-whole = { $category }: hours must be a whole number
rec-delay-range = { $category }: hours must be between 0 and { $max }
rec-no-section = no such part of the record
rec-days-reversed = the last day comes before the first

## A detail page's facts
# The labels of what the record holds of an entry (its values stay as imported).

rec-fact-status = Status
rec-fact-verification = Verification
rec-fact-started = Started
rec-fact-resolved = Resolved
rec-fact-recorded = Recorded
rec-fact-severity = Severity
rec-fact-how-to-take-it = How to take it
rec-fact-prescribed = Prescribed
rec-fact-prescribed-by = Prescribed by
rec-fact-refills-allowed = Refills allowed
rec-fact-reason = Reason
rec-fact-type = Type
rec-fact-category = Category
rec-fact-risk = Risk
rec-fact-reaction = Reaction
rec-fact-given = Given
rec-fact-lot = Lot
rec-fact-site = Site
rec-fact-given-by = Given by
rec-fact-result = Result
rec-fact-reference-range = Reference range
rec-fact-flag = Flag
rec-fact-taken = Taken
rec-fact-method = Method
rec-fact-note = Note
rec-fact-collected = Collected
rec-fact-issued = Issued
rec-fact-performed-by = Performed by
rec-fact-conclusion = Conclusion
rec-fact-date = Date
rec-fact-body-site = Body site
rec-fact-start = Start
rec-fact-end = End
rec-fact-kind = Kind
rec-fact-seen-by = Seen by
rec-fact-where = Where
rec-fact-author = Author
rec-fact-plan = Plan
rec-fact-insurer = Insurer
rec-fact-member-id = Member ID
rec-fact-relationship = Relationship
rec-fact-from = From
rec-fact-until = Until
rec-fact-name = Name

## Contact details at check-in (the kind of each line; the values are the record's)
rec-contact-phone = Phone
rec-contact-email = E-mail
rec-contact-sms = Text messages
rec-contact-other = Contact
rec-contact-home = home
rec-contact-work = work
rec-contact-mobile = mobile
rec-contact-line = { $system }: { $value }
rec-contact-line-use = { $system } ({ $usage }): { $value }
rec-contact-address = Address: { $address }

## Access log actions
# What each audited action means, as the access log and the audit page say it, and who did it.

log-action-record-read = Viewed the health record
log-action-proxy-invite = Invited a caregiver
log-action-proxy-read = Viewed who has access
log-action-proxy-update = Changed a caregiver's access
log-action-proxy-revoke = Revoked a caregiver's access
log-action-proxy-accept = Accepted an invitation to help
log-action-proxy-end = Guardian access ended at the age of majority
log-action-access-log-read = Viewed the access log
log-action-sign-in = Signed in
log-action-sign-in-new-device = Signed in from a new device or browser (e-mailed)
log-action-security-alert = Security alert
log-action-sign-out = Signed out
log-action-session-timeout = Was signed out after a period of inactivity
log-action-session-end = Ended a session
log-action-enroll-begin = Entered an activation code
log-action-enroll-complete = Set up the account with a passkey
log-action-patient-invite = Registered with the clinic and issued an activation code
log-action-recovery-begin = Used a recovery code
log-action-recovery-issue = Issued a code to recover the account (sets up a new passkey)
log-action-recovery-approve = Approved a code to recover the account
log-action-recovery-cancel = Cancelled a code to recover the account
log-action-recovery-codes-regenerate = Created new recovery codes
log-action-step-up = Confirmed it was them with a passkey
log-action-passkey-add = Added a passkey
log-action-passkey-remove = Removed a passkey
log-action-passkey-rename = Renamed a passkey
log-action-appointment-list = Viewed the appointments
log-action-appointment-view = Viewed a visit
log-action-appointment-calendar = Saved a visit to a calendar
log-action-appointment-book = Booked a visit
log-action-appointment-request = Asked for a visit
log-action-appointment-reschedule = Moved a visit
log-action-appointment-cancel = Cancelled a visit
log-action-appointment-confirm = Confirmed a visit
log-action-appointment-checkin = Checked in online for a visit
log-action-appointment-checkin-view = Viewed a visit's online check-in
log-action-appointment-arrived = Marked the patient arrived
log-action-appointment-noshow = Marked a visit missed
log-action-appointment-fulfilled = Marked a visit done
log-action-appointment-reminder = Sent a visit reminder by e-mail
log-action-message-start = Wrote to the clinic
log-action-message-reply = Replied in a conversation
log-action-message-note = Added an internal note to a conversation
log-action-message-read = Read a conversation
log-action-message-list = Viewed the messages
log-action-message-update = Changed a conversation's status or who works it
log-action-message-inbox = Listed the conversation in the clinic's inbox
log-action-patients-search = Found in a staff search for patients by name
log-action-message-attachment = Opened a file sent in a conversation
log-action-renewal-request = Asked for a prescription refill or renewal
log-action-renewal-list = Viewed the prescription renewals
log-action-renewal-read = Read a renewal request
log-action-renewal-decide = Decided a renewal request
log-action-renewal-queue = Listed the renewal request in the clinicians' queue
log-action-billing-read = Viewed the bill
log-action-billing-statement = Viewed a monthly statement
log-action-billing-pay = Paid by card
log-action-billing-payment-succeeded = A card payment went through
log-action-billing-post = Posted an entry to the bill
log-action-billing-refund = Refunded a payment
log-action-billing-plan-start = Started a payment plan
log-action-billing-plan-cancel = Ended a payment plan
log-action-billing-report = Listed in the billing office's daily report
log-action-billing-card-upload = Added a picture of the insurance card
log-action-billing-card-view = Viewed a picture of the insurance card
log-action-billing-card-remove = Removed a picture of the insurance card
log-action-notices-on = Turned an optional e-mail on
log-action-notices-off = Turned an optional e-mail off
log-action-account-language = Chose the language of Portico
log-action-schedule-view = Viewed the clinic's schedule
log-action-schedule-time-zone = Set the clinic's time zone
log-action-schedule-reminders = Set when visit reminders go
log-action-schedule-visit-type-save = Saved a visit type
log-action-schedule-template-add = Added weekly hours
log-action-schedule-template-end = Ended weekly hours
log-action-schedule-template-change = Changed weekly hours
log-action-schedule-exception-add = Added time off or extra hours
log-action-schedule-clinician-add = Added a clinician to the schedule
log-action-schedule-location-add = Added a location
# An action Portico has no words for: its code, as recorded.
log-action-other = { $action }
log-actor-you = You
log-actor-patient = { $name } (patient)
log-actor-caregiver = { $name } (caregiver)
log-actor-staff = { $name } ({ $role })
log-actor-one-time-code = Someone with a one-time code
log-actor-clinic = The clinic
log-actor-the-patient = The patient
log-actor-portico = Portico
log-device-unknown = Unknown device

## A list line's words (the rest of a line is the record's)
rec-line-since = Since { $day }
rec-line-resolved = Resolved { $day }
rec-line-high-risk = high risk
rec-line-low-risk = low risk
rec-line-risk-unknown = unable to assess
rec-line-reactions-risk = { $reactions } · { $risk }
rec-line-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
rec-line-member-id = Member ID { $id }
rec-line-titled = { $title } ({ $detail })

## Titles Portico gives a record that has none
rec-untitled = { $kind } (no description)
rec-result-untitled = Result
rec-visit-untitled = Visit
rec-medication-untitled = Medication
rec-care-untitled = Care
rec-attachment-untitled = { $title } { $number }

## A result's value when the record gives no number or text
rec-value-none = No value
rec-value-yes = Yes
rec-value-no = No
