# Portico's words in English: the clinic's pages (the schedule, the inbox, finding a patient,
# invitations, importing records, the audit log, the schedule settings). Every message has its twin
# in ../es/staff.ftl. Audit event names and FHIR resource types are codes: they are not here.

## The schedule (front desk and clinicians)

schedule-book-for-patient = Book for a patient: find them by name
schedule-settings-link = Schedule settings: hours, visit types, time off, reminders
schedule-loading = Loading the schedule…
schedule-day = Day
schedule-one-day = One day
schedule-week = A week
schedule-everyone = Everyone
schedule-location = Location
schedule-all = All
schedule-other-days = Other days
schedule-earlier = Earlier
schedule-later = Later
schedule-none = No visits booked.
schedule-visits = Visits
schedule-visit = Visit
schedule-with-where = With, where
schedule-status = Status
schedule-actions = Actions
schedule-not-confirmed = not confirmed
schedule-arrived = Arrived
schedule-saving = Saving…
schedule-checked-in = checked in online
schedule-marked-arrived = Marked arrived.

## The inbox

inbox-open-and-waiting = Open and waiting
inbox-last-message = Last message
inbox-any-time = Any time
inbox-age-day = 1 day ago or more
inbox-age-days = 3 days ago or more
inbox-age-week = A week ago or more
inbox-mine = Only those I took
inbox-loading = Loading the inbox…
inbox-unread = { $count } unread
inbox-empty = Nothing here.
inbox-renewals-title = Renewal requests
inbox-renewals-loading = Loading the requests…
inbox-renewals-waiting = { $count } waiting, oldest first

## Finding a patient

patients-name = Name
patients-search = Search
patients-searching = Searching…
patients-none = No patient matches that name.
patients-found = Patients found
patients-birth-date = Date of birth
patients-account = Account
patients-open = Open
patients-born = { $date } (age { $age })
patients-account-set-up = Set up
patients-account-not-yet = Not yet
patients-recovery-label = Account recovery code for { $name }
patients-recovery = Recovery code
patients-activation-label = Activation code for { $name }
patients-issue-code = Issue code
patients-section-of = { $section } of { $name }

## Invitations

invitations-approved = Approved: the patient can now use the code.
invitations-patient-title = Invite a patient
invitations-given-name = Given name
invitations-family-name = Family name
invitations-birth-date = Date of birth
invitations-patient-email = E-mail (optional, for security notices)
invitations-create-activation = Create activation code
invitations-recent = Recent invitations
invitations-none = No invitations yet.
invitations-name = Name
invitations-role = Role
invitations-state = State
invitations-expires = Expires
invitations-actions = Actions
invitations-new-code-label = New code for { $name }
invitations-new-code = New code
invitations-approve-label = Approve the account recovery code for { $name }
invitations-approve = Approve
invitations-staff-title = Invite a staff member
invitations-staff-email = E-mail (optional)
invitations-create-enrolment = Create enrolment code

## Importing records (FHIR)
# Counted words come in two messages (one, several): an island fills them in the browser, where
# Fluent's plural choice is not available.

import-title = Import records
import-intro = Load FHIR R4 records into patients' charts: Bundles (batch, transaction, collection, searchset or document), single resources, or Bulk Data NDJSON files (one resource per line). Choose every file of one export together: they are imported as one, and if any file has a problem nothing is changed. Importing the same data again updates it.
import-files = FHIR files (.json, .ndjson)
import-source = Source system (optional)
import-source-hint = Name the system the files come from (e.g. hospital-a) when it is not the clinic's own: its resources are kept apart, so two systems that reuse the same ids never overwrite each other. Use the same name when importing from it again.
import-importing = Importing…
import-import = Import
import-failed = Nothing was imported. { $reason }
import-progress = { $stored } of { $total } resources stored
import-leave = You can leave this page: the import goes on, and the list of recent imports here shows how it ended.
import-imported-one = Imported { $count } resource
import-imported = Imported { $count } resources
import-counts = { $created } new, { $updated } updated. Patients: { $patients_created } created, { $patients_updated } updated.
import-skipped = Skipped (types Portico does not keep): { $types }
import-also = Also: { $notes }.
import-running = Running: { $stored } of { $total } stored
import-interrupted = Stopped by a server restart; nothing stored
import-failed-row = Failed, nothing stored: { $reason }
import-recent = Recent imports
import-running-note = An import is running.
import-reload = Reload
import-reload-after = to see how far it has come.
import-started = Started
import-by = By
import-source-column = Source
import-outcome = Outcome
import-own-source = the clinic's own

## The audit log

audit-exported = Exported { $count } events to { $file }.
audit-person = Person
audit-action = Action
audit-outcome = Outcome
audit-any = Any
audit-success = Success
audit-failure = Failure
audit-denied = Denied
audit-search = Search
audit-export = Export CSV
audit-searching = Searching…
audit-alerts-title = Security alerts (last 7 days)
audit-alert-when = { $when } (event #{ $seq })
audit-events = Audit events
audit-when = When (clinic time)
audit-who = Who
audit-address = Address
audit-request = Request
audit-pages = Pages of the audit log

## The clinic's schedule settings (administrators)

clinic-settings-title = Schedule settings
clinic-settings-back = Back to the schedule
clinic-settings-loading = Loading the settings…
clinic-settings-general-saved = Time zone and reminders saved.
clinic-settings-weekly-added = Weekly hours added; their times are open for booking.
clinic-settings-weekly-ended = Weekly hours ended; their later free times are withdrawn.
clinic-settings-weekly-changed = Weekly hours changed from the day chosen; booked visits stay.
clinic-settings-general-title = Time zone and reminders
clinic-settings-time-zone = The clinic's time zone (IANA name, such as America/Denver)
clinic-settings-reminder-hours = Reminders go this many hours before a visit (comma-separated, at most four)
clinic-settings-save = Save
clinic-settings-saving = Saving…
clinic-settings-saved = Saved.
clinic-settings-types-title = Visit types
clinic-settings-type-saved = Visit type saved.
clinic-settings-type-rules = { $minutes } minutes · online: { $booking } · { $lead } min lead · { $horizon } days ahead · cancel until { $cutoff } h before
clinic-settings-change = Change { $name }
clinic-settings-add-type = Add a visit type
clinic-settings-hours-title = Weekly hours
clinic-settings-hours-in-force = Weekly hours in force
clinic-settings-dates = Dates
clinic-settings-change-or-end = Change or end
clinic-settings-last-day-of = Last day of { $clinician }, { $when }
clinic-settings-end = End
clinic-settings-ending = Ending…
clinic-settings-add-hours = Add weekly hours
clinic-settings-weekday = Day of the week
clinic-settings-monday = Monday
clinic-settings-tuesday = Tuesday
clinic-settings-wednesday = Wednesday
clinic-settings-thursday = Thursday
clinic-settings-friday = Friday
clinic-settings-saturday = Saturday
clinic-settings-sunday = Sunday
clinic-settings-until = Until
clinic-settings-slot = Minutes per slot
clinic-settings-types-offered = Visit types offered (ids, comma-separated: { $ids })
clinic-settings-first-day = First day (empty: today)
clinic-settings-add-these-hours = Add these hours
clinic-settings-adding = Adding…
clinic-settings-hours-added = Hours added; their times are open for booking.
clinic-settings-hours-ended = Hours ended.
clinic-settings-hours-changed = Hours changed from the day chosen; booked visits stay.
clinic-settings-time-off-title = Time off
clinic-settings-time-off-hint = Free times in it are no longer offered. Visits already booked stay on the schedule for the front desk to move.
clinic-settings-every-location = Every location
clinic-settings-day = Day
clinic-settings-note = Note for the staff (optional)
clinic-settings-add-time-off = Add time off
clinic-settings-time-off-added = Time off added.
clinic-settings-extra-title = Extra hours
clinic-settings-extra-hint = One-off hours on one day, beyond the weekly ones; their times are open for booking at once.
clinic-settings-add-extra = Add extra hours
clinic-settings-extra-added = Extra hours added; their times are open for booking.
clinic-settings-type-id = Short id (lower-case letters, digits, dashes)
clinic-settings-type-name = Name patients see
clinic-settings-minutes = Minutes
clinic-settings-booking = Who may book it online
clinic-settings-booking-anyone = Any patient
clinic-settings-booking-established = Patients seen recently (below)
clinic-settings-booking-staff = Nobody online: patients ask, the front desk books
clinic-settings-established-months = "Seen recently" means within this many months
clinic-settings-lead = Book at least this many minutes ahead
clinic-settings-horizon = Book at most this many days ahead
clinic-settings-cutoff = Patients may cancel or move it until this many hours before
clinic-settings-instructions = What to bring (optional)
clinic-settings-questionnaires = Questionnaires at online check-in (comma-separated: general, phq-2; empty for none)
clinic-settings-add-the-type = Add the visit type
clinic-settings-change-hours = Change { $clinician }, { $when }
clinic-settings-change-from = From (tomorrow at the earliest)
clinic-settings-new-types = Visit types in the new hours (ids, comma-separated)
clinic-settings-change-these = Change these hours
clinic-settings-changing = Changing…

## Refusals
# What the server says when it refuses an access grant, the clinic's rules for minors, a scope, a patient or audit search, or a clinic setting.

perm-relationship-invalid = say in a few words who they are to the patient, for example "Daughter"
perm-expires-format = enter the last day as year-month-day
perm-expires-past = the last day of access cannot be in the past
perm-guardian-adult = the clinic sets up guardians only for patients under the age of majority; adults invite caregivers themselves
perm-patient-search-short = type at least two letters of the patient's name
perm-patient-search-many = { $count } patients have names starting so; type more of the name (given and family)
perm-audit-outcome-choose = choose success, failure or denied
perm-audit-dates-reversed = the end date is before the start date
perm-audit-who-many = { $count } patients have names starting so; type more of the name
perm-date-format = enter the date as year-month-day
perm-rules-adult-at = the age of majority must be between 1 and 21
perm-rules-guardian-full = must not be later than the age of majority
perm-rules-guardian-manage = guardians never manage access
perm-rules-category-invalid = "{ $category }": use lower-case letters, digits and dashes
perm-rules-years = enter a whole number of years
perm-scope-unknown = "{ $scope }" is not one of: { $names }
perm-scope-manage = caregivers cannot manage who else has access
perm-scope-none = choose at least one part of the record to share
perm-clinic-name-empty = the clinic name cannot be empty
perm-clinic-name-long = the clinic name is longer than 120 characters
perm-clinic-name-control = the clinic name contains control characters
perm-clinic-phone = enter a phone number of 7 to 15 digits, for example +1 (555) 010-2000
perm-clinic-email = enter an email address such as frontdesk@example.org
perm-clinic-nothing = nothing to change

## Sizes
# A file's size under one kilobyte (larger ones are written in KB and MB, the same in every language).

perm-size-bytes = { $count } bytes

## Security alerts
# The alerts atop the audit page ($subject is a person with their role, or an address).

alert-account-failures = Many failed attempts (sign-ins, codes or payments) for { $subject } in a short time
alert-address-failures = Many failed attempts from the address { $subject } in a short time
alert-many-patients = { $subject } opened the records of an unusual number of patients within an hour
alert-subject-id = { $id }
