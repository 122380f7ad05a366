# Portico's words in English: the frame and the pages every area shares. Every message here has
# its twin in ../es/main.ftl (a test holds each file to the same ids). Clinical content from records
# is never here: it stays as imported.

## The frame of every page

skip-to-main = Skip to main content
brand = Portico
nav-label = Main
nav-menu = Menu
nav-home = Home
nav-contact = Contact the clinic
nav-my-record = My record
nav-schedule = Schedule
nav-patients = Patients
nav-payments = Payments
nav-invitations = Invitations
nav-import = Import
nav-audit = Audit log
nav-security = Security
nav-inbox = Inbox
nav-inbox-waiting = { $count } waiting
nav-sign-in = Sign in
nav-enroll = Set up your account
nav-sign-out = Sign out
nav-signed-in-as = { $name } ({ $role })
noscript-notice = Reading your record, searching and most forms work without JavaScript. Passkeys (signing in, checks before sensitive changes) and saving files need it.
footer-text = Portico patient portal. In an emergency, call your local emergency number.
language-label = Language
language-change = Change the language to { $language }

## Signing in

sign-in-title = Sign in
sign-in-timed-out = You were signed out after a period without activity. Sign in again to continue.
sign-in-signed-out = You have signed out.
sign-in-first-time = First time? Set up your account with your activation code
sign-in-lost-passkey = Lost your passkey? Use a recovery code
sign-in-passkey-label = Your passkey
sign-in-passkey-placeholder = Choose your passkey
sign-in-passkey-help = Your browser may offer your passkey here. Or use the button: you'll unlock it with your fingerprint, face or screen lock.
sign-in-button = Sign in with a passkey
passkey-unsupported = This browser cannot use passkeys. Please use a current version of Chrome, Edge, Firefox or Safari, or your phone.

## The home page

home-welcome = Welcome to { $clinic }
home-welcome-fallback = your patient portal
home-lead = See your health record, book visits, message your care team and pay bills, all in one secure place. No passwords: you sign in with a passkey on your phone or computer.
home-hello = Hello, { $name }
home-signed-in-as = You are signed in as { $role }.
home-link-schedule = Today's schedule
home-link-patients = Find a patient
home-link-billing = Today's payments and what is owed by age
home-link-invitations = Invite patients and staff
home-link-import = Import records (FHIR)
home-link-audit = Search the audit log
home-link-clinic-settings = Schedule settings: hours, visit types, reminders
home-link-security = Passkeys, sessions and recovery codes
home-first-time-title = First time here?
home-first-time-text = Ask the clinic for an activation code. You will need it and your date of birth to set up your account.
home-set-up = Set up your account
home-reach-clinic = How to reach the clinic
home-records-title = Records
home-no-records = No records to show yet. If someone invited you to help them, enter their code below.
home-accept-label = Accept an invitation to help someone
home-accept-button = Accept invitation
home-accept-busy = Checking the code…
home-accept-done = You can now help { $name } with their care.
loading = Loading…

## Is this device ready for passkeys?

passkey-check-title = Is this device ready?
passkey-check-text = Portico uses passkeys instead of passwords. Check that this browser and device can use one.
passkey-check-button = Check this device
passkey-check-checking = Checking…
passkey-check-ready = This browser supports passkeys, and this device can keep one, unlocked with your fingerprint, face or screen lock.
passkey-check-external = This browser supports passkeys. This device has no built-in passkey storage, so you will use your phone or a security key.
passkey-check-unsupported = This browser does not support passkeys. Please use a current version of Chrome, Edge, Firefox or Safari.

## Contact, missing pages, offline

contact-title = Contact the clinic
not-found-title = Page not found
not-found-text = There is no page at this address. It may have moved, or the link may be mistyped.
not-found-home = Go to the home page
contact-loading = Loading the clinic's details…
contact-none = The clinic has not published its contact details here yet.
contact-phone = Phone
contact-email = Email
contact-help = For an activation code or help signing in, call or visit the front desk.

## People's roles

role-patient = Patient
role-caregiver = Caregiver
role-clinician = Clinician
role-front_desk = Front desk
role-billing = Billing
role-admin = Administrator

## The offline page (kept by the service worker; about nobody)

offline-title = You are offline
offline-records = Your records, messages and appointments need a connection: Portico keeps none of them on this device.
offline-the-clinic = the clinic
offline-call-phone = To reach { $clinic } now, call { $phone }. In an emergency, call 911.
offline-call = To reach { $clinic } now, call the clinic. In an emergency, call 911.
offline-again = Try again

## A patient's record: its banner and its parts

record-nav-summary = Summary
record-nav-appointments = Appointments
record-nav-messages = Messages
record-nav-renewals = Renewals
record-nav-billing = Billing
record-nav-about = About
record-nav-sharing = Sharing
record-nav-access-log = Access log
record-acting-self = Your own record
record-acting-guardian = You are acting for { $name } as their parent or guardian
record-acting-caregiver = You are acting for { $name } as their caregiver
record-acting-staff = You are viewing this record as clinic staff ({ $role })
record-hidden-note = Some parts of a teenager's record are confidential between them and the clinic and are not shown here.
section-problems = Problems
section-medications = Medications
section-allergies = Allergies
section-immunizations = Immunizations
section-results = Test results
section-vitals = Vital signs
section-visits = Visits
section-procedures = Procedures
section-documents = Documents
section-insurance = Insurance
flag-high = High
flag-low = Low
flag-critical-high = Critically high
flag-critical-low = Critically low
flag-abnormal = Abnormal

## The health summary

summary-title = Health summary
summary-record = Health record
summary-loading = Loading the record…
summary-printed = { $name } · printed from Portico, { $date }
summary-problems = Active problems
summary-no-problems = No active problems on file.
summary-medications = Current medications
summary-no-medications = No current medications on file.
summary-allergies = Allergies
summary-no-allergies = No known allergies on file.
summary-upcoming = Coming up
summary-nothing-planned = Nothing planned.
summary-latest = Latest results
summary-no-results = No results yet.
summary-everything = Everything in the record
summary-print = Print summary
summary-download = Download my record (FHIR)
summary-saved = Saved { $file }.
summary-back = Back to the start page
results-test = Test
results-result = Result
results-range = Reference range
results-date = Date
results-table = { $caption } table
banner-label = Whose record this is
banner-parts = Parts of the record
banner-switch = Switch person

## Lists and a record's parts

pager-newer = Newer
pager-older = Older
pager-page = Page { $page }
list-showing-of = { $first }–{ $last } of { $total }
list-showing = { $first }–{ $last }
filter-from = From
filter-to = To
filter-show = Show
section-empty = Nothing under { $section } yet.
section-over-time = Over time
section-ask-renewal = Ask for a refill or renewal →
section-showing = Showing { $range }, newest first
section-pages = Pages of this list
entry-request-renewal = Request a renewal
entry-results = Results
entry-results-caption = Results in this report
entry-trend = Trend
entry-related = From this visit
entry-files = Files
entry-download = Download { $title } ({ $size })

## Appointments

appointments-title = Appointments
appointments-loading = Loading appointments…
appointments-zone = Times are the clinic's ({ $zone }).
appointments-book = Book a visit
appointments-upcoming = Upcoming
appointments-none-upcoming = No upcoming visits.
appointments-confirmed = Thank you: the clinic knows you are coming.
appointments-requests = Requests
appointments-requested = { $visit } (requested)
appointments-request-hint = The clinic will book a time and let you know.
appointments-past = Past and cancelled
appointments-none-past = None yet.
appointments-imported = From your records
appointments-imported-hint = Visits that came with records from the clinic's other systems. To change one, call the clinic.
appointments-with = With { $names }
appointments-confirm-please = The clinic booked this visit for you. Please confirm you can come.
appointments-confirm = Confirm I'll come
appointments-confirming = Confirming…
appointments-check-in = Check in online
appointments-checked-in = Checked in online.
appointments-details = Details, calendar, move or cancel
visit-no-time = No time yet
visit-minutes = { $minutes } minutes
visit-when = When
visit-type = Visit
visit-with = With
visit-where = Where
visit-phone = Phone { $phone }
visit-map = Map: { $link }
visit-bring = What to bring

## Messages

messages-title = Messages
messages-loading = Loading messages…
messages-conversations = Conversations
messages-none = No messages yet.
messages-write = Write to the clinic
messages-emergency = For an emergency, call 911 or your local emergency number; do not use messages.
messages-about = What is it about?
messages-subject = Subject
messages-body = Message
messages-send = Send
messages-sending = Sending…
messages-sent = Sent. The clinic will answer here; it is at the top of your conversations.
messages-taken-by = Taken by { $name }
messages-read = Read by the care team
messages-new = New:

## E-mails (never any health information: what happened, when, and whom to call)

email-hello = Hello,
email-when = On { $date } UTC, { $what }.
email-signature = — Portico, the patient portal of { $clinic }
email-call-phone = call { $clinic } at { $phone }
email-contact = contact { $clinic }
notice-next = If this was you, there is nothing to do. If it was not, { $call } right away.
notice-new-sign-in-subject = A new sign-in to your Portico account
notice-new-sign-in-what = someone signed in to your account from a device or browser it had not used before ({ $device })
notice-new-sign-in-next = If this was you, there is nothing to do. If it was not, sign in, end that session and remove any passkey you do not know on your Security page, and { $call }.
notice-passkey-added-subject = A passkey was added to your Portico account
notice-passkey-added-what = a new passkey was added to your account
notice-passkey-removed-subject = A passkey was removed from your Portico account
notice-passkey-removed-what = a passkey was removed from your account
notice-recovery-code-used-subject = A recovery code was used on your Portico account
notice-recovery-code-used-what = a recovery code was used to register a new passkey, and every other session was signed out
notice-recovery-codes-regenerated-subject = New recovery codes for your Portico account
notice-recovery-codes-regenerated-what = new recovery codes were created for your account; the old ones no longer work
notice-reenrolled-subject = Your Portico account has a new passkey
notice-reenrolled-what = a new passkey was registered with an activation code from the clinic, and every other session was signed out
notice-clinic-recovery-subject = The clinic issued a code to recover your Portico account
notice-clinic-recovery-what = the clinic issued a one-time code that can set up a new passkey on your account, for when every passkey and recovery code is lost; using it signs out every other session
notice-clinic-recovery-next = If you asked the clinic for this, there is nothing to do. If you did not, { $call } right away, or sign in to Portico and cancel it on your Security page.
notice-guardian-ended-subject = Your health record in Portico is now yours
notice-guardian-ended-what = the access your parent or guardian had to your health record in Portico ended, because you have come of age
notice-guardian-ended-next = To use Portico yourself, { $call } and ask for your activation code.
news-message-subject = You have a new message in Portico
news-message-what = You have a new message in Portico. To read it, sign in to Portico.
news-renewal-answer-subject = There is an answer to your request in Portico
news-renewal-answer-what = The clinic answered a request made in Portico. To read it, sign in to Portico.
news-turn-off = You can turn these e-mails off on your Security page.
receipt-subject = We received your payment
receipt-received = We received your payment of { $amount }. Thank you.
receipt-where = Your receipt and balance are on the Billing page of Portico.

## Shared components
# Saving a file, the error page, a result's trend chart.

download-failed = The file could not be made.
download-not-ready = Downloads need the page to have finished loading.
download-damaged = The file arrived damaged; please try again.
error-page-title = We could not show this page
error-page-failed = Something went wrong while loading this page.
error-page-try-again = Please try again. If it keeps happening, contact the clinic and mention this reference.
error-page-reference = Reference:
signed-in-needed-title = Please sign in
signed-in-needed-text = You need to be signed in to see this page.
idle-title = Are you still there?
idle-text = For your privacy you will be signed out in { $seconds } seconds.
idle-stay = Stay signed in
error-not-found = That item could not be found.
error-page-not-found = That page could not be found.
error-signed-out = Your session has ended. Please sign in again.
error-forbidden = You do not have access to that.
error-step-up = Please confirm it's you with your passkey to continue.
error-conflict = That change conflicts with another one. Reload and try again.
error-unavailable = Portico is briefly unavailable. Please try again in a minute.
error-internal = Something went wrong on our side. Please try again.
error-unreadable = The request could not be read. Please try again.
error-unreachable = Portico could not be reached. Check your connection and try again.
trend-no-values = No values to chart yet.
trend-title = { $test } over time ({ $unit })
trend-values = { $count } values from { $first } to { $last }
trend-latest = the latest is { $value } { $unit }
trend-band = the shaded band is the reference range { $low }–{ $high }
trend-caption = { $test } values
trend-value = Value
trend-range = Range
trend-flag = Flag
trend-normal = Normal

## Refusals before a page or function is reached
refused-cross-site = This request was refused because it did not come from this site.
refused-not-a-form = Upload the files as a form (multipart/form-data).
refused-unreadable-body = The request body could not be read.
refused-too-large = The request is larger than this server accepts.
refused-rate-limited-title = Please wait a minute
refused-rate-limited = Too many attempts from your network. Please wait a minute and try again.
refused-file-forbidden = You may not open this file.
refused-no-such-file = There is no such file.
refused-file-failed = The file could not be opened.
