# Portico's words in English: account pages. Every message has its twin in ../es/account.ftl.

## The Security page

security-title = Security
security-emails-title = E-mails
security-emails-hint = E-mails about your account's security always go. They never hold health information.
security-email-on = On
security-email-off = Off
security-email-turn-off = Turn off
security-email-turn-on = Turn on
security-passkey-added = Passkey added.
security-passkey-removed = Passkey removed.
security-codes-created = New recovery codes created. The old ones no longer work.
security-new-passkey-default = My other device
security-loading = Loading your security settings…
security-recovery-cancelled = Cancelled: that code no longer works.
security-passkeys-title = Passkeys
security-new-passkey-name = Name for a new passkey
security-add-passkey = Add a passkey
security-sessions-title = Where you're signed in
security-sessions-ended = Signed out of { $count } other session(s).
security-sign-out-others = Sign out everywhere else
security-new-devices-title = Sign-ins from new devices
security-new-devices-text = Each time someone signed in to your account from a device or browser it had not used before. We also e-mailed you about each one. If one was not you, sign out everywhere else, remove any passkey you do not know, and call the clinic.
security-new-device-seen = first on { $first }, last on { $last }
security-codes-title = Recovery codes
security-codes-left = You have { $count } unused recovery codes.
security-create-codes = Create new recovery codes
security-passkey-added-on = Added { $date }
security-passkey-last-used = last used { $date }
security-rename-label = Rename { $name }
security-rename = Rename
security-remove-label = Remove { $name }
security-remove-only-one = Add another passkey before removing this one
security-remove = Remove
security-passkey-name = Passkey name
security-save = Save
security-session-times = Signed in { $started } · last active { $last }
security-this-device = This device
security-sign-out = Sign out
security-clinic-title = Account recovery codes from the clinic
security-clinic-text = The clinic issued a code that can set up a new passkey on your account, for when every passkey and recovery code is lost. Using it signs out your other sessions. If you did not ask for it, cancel it and call the clinic.
security-clinic-approved = approved, can be used
security-clinic-waiting = waiting for a second approval
security-clinic-issued = Issued { $date } by { $by } ({ $state }); valid until { $expires }.
security-clinic-cancel = I did not ask for this: cancel it

## The passkey check before a sensitive change

step-up-title = Confirm it's you
step-up-text = For your safety, use your passkey again before making this change.
step-up-confirm = Confirm with passkey
step-up-cancel = Cancel

## Recovery codes, shown once

recovery-codes-title = Your recovery codes
recovery-codes-text = If you lose your passkey, one of these codes and your date of birth let you set up a new one. Each works once. Print them or save them somewhere safe now: they will not be shown again.
recovery-codes-list = Recovery codes
recovery-codes-print = Print codes
recovery-codes-download = Download codes
recovery-codes-file-name = portico-recovery-codes.txt
recovery-codes-file-title = Portico recovery codes
recovery-codes-file-text = Each code works once. With your date of birth, a code lets you set up a new passkey if you lose yours.
recovery-codes-file-keep = Keep them somewhere safe, away from your devices.

## Setting up an account

enroll-title = Set up your account
enroll-intro = Enter the activation code you were given and, if you are the patient, your date of birth.
enroll-code = Activation code
enroll-birth-date = Date of birth
enroll-birth-date-help = Leave this empty if you are a caregiver or clinic staff member: your code is enough.
enroll-continue = Continue
enroll-passkey-title = Create your passkey
enroll-passkey-text = Hello, { $name }. Your passkey replaces a password: your device keeps it and you unlock it with your fingerprint, face or screen lock.
enroll-create-passkey = Create passkey
enroll-done-title = You're all set, { $name }
enroll-done-text = Your passkey is ready. Next time, sign in with it: no password needed.
enroll-continue-to-portico = Continue to Portico

## Using a recovery code

recover-title = Use a recovery code
recover-intro = Lost your passkey? Enter one of your recovery codes and your date of birth to set up a new one.
recover-code = Recovery code
recover-birth-date = Date of birth
recover-continue = Continue
recover-no-codes = No recovery codes? Call the clinic: they can give you a new activation code.
recover-accepted = Code accepted. Now create a new passkey on this device.
recover-create-passkey = Create new passkey
recover-done = Your new passkey is ready. For your safety, every other session has been signed out.
recover-continue-to-portico = Continue to Portico

## A code just issued by the clinic (shown once to staff, or to the person who invites a caregiver)

issued-code-invitation-title = Invitation code for { $name }
issued-code-activation-title = Activation code for { $name }
issued-code-open = They open
issued-code-caregiver-then = (or "Set up your account") and enter it; no date of birth is needed.
issued-code-caregiver-existing = If they already use Portico, they sign in and enter it under "Accept an invitation" on their home page.
issued-code-patient-then = (or the portal's "Set up your account" page) and enter it with their date of birth.
issued-code-recovery-lead = This patient already has an account: this is an account recovery code.
issued-code-recovery-text = It works only after a second member of staff approves it under Invitations. Using it adds a passkey to the account and signs out the patient's other sessions; the patient has been notified.
issued-code-code-label = Activation code
issued-code-valid = Valid until { $date }. It works once. Give it to the person in private; it is not shown again.
issued-code-print = Print

## Refusals
# What the server says when it refuses a sign-in, an enrolment, a recovery, a passkey, an account's details or an invitation.

acct-role-choose = choose one of clinician, front-desk, billing or admin
acct-name-empty = enter a name
acct-name-too-long = use at most 100 letters, without line breaks
acct-birth-date-format = enter the date of birth as year-month-day
acct-birth-date-range = enter a date of birth between 1900 and today
acct-email-invalid = enter an e-mail address like name@example.org
acct-code-refused = That code and date of birth do not match an active invitation. Check both and try again in a minute, or ask the clinic for a new code.
acct-sign-in-refused = That passkey could not be used to sign in. Try again, or use a recovery code.
acct-code-awaiting-approval = This code is waiting for a second member of the clinic's staff to approve it. Please try again once the clinic tells you it is ready.
acct-code-issuer-browser = A code issued by the clinic cannot be used from a browser signed in as clinic staff. The patient sets up their passkey on their own device.
acct-recovery-role-choose = choose admin or front-desk: the roles that issue activation codes
acct-recovery-second-approver = A second member of staff must approve a recovery code you issued.
acct-recovery-code-inactive = That code is no longer active. Issue a new one if the patient still needs it.
acct-recovery-code-approved = That code is already approved.
acct-recovery-code-changed = That code changed meanwhile. Reload the list.
acct-enrol-stale = That enrolment took too long or was already finished. Please enter your code again.
acct-recovery-stale = That recovery took too long or was already finished. Please enter your code again.
acct-recovery-codes-patients-only = recovery codes are for patients; if you lose your passkeys, the clinic or the person who invited you issues a new code
acct-passkey-unreadable = The passkey response could not be read. Please try again.
acct-passkey-prompt-stale = That passkey prompt has expired or was already used. Please start again.
acct-passkey-name = give the passkey a name of 1 to 64 characters
acct-passkey-not-registered = That passkey could not be registered. Please try again.
acct-passkey-only-one = This is your only passkey. Add another one before removing it.
acct-passkey-duplicate = That passkey is already registered to an account. Use a different one.
acct-invitation-refused = That code does not match an open invitation. Check it and try again in a minute, or ask for a new invitation.
acct-invitation-staff = staff accounts cannot act as caregivers; set up a personal account with this code instead
acct-invitation-own-record = this invitation is for someone who will help with your own record
acct-notice-kind-invalid = is not an e-mail you can turn off

## The browser's passkey prompt
# Why the browser's passkey prompt gave no passkey (said in the browser: islands carry these words).

acct-passkey-prompt-closed = The passkey prompt was closed or timed out. Try again when you are ready.
acct-passkey-already-on-device = This device already holds a passkey for this account.
acct-passkey-prompt-cancelled = The passkey prompt was cancelled.
acct-passkey-wrong-address = Passkeys only work on this portal's own address.
acct-passkey-failed = The passkey could not be used. Please try again.

## A browser as the Security page and the access log name it
acct-device = { $browser } on { $system }
acct-device-a-browser = A browser
acct-device-unknown-system = an unknown system
acct-device-cli = Portico command line
