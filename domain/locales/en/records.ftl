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
