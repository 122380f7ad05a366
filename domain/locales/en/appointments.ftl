# Portico's words in English: appointments pages. Every message has its twin in ../es/appointments.ftl.

## Shared by the pages of one visit

appointments-all = All appointments
appointments-the-visit = The visit

## Booking or moving a visit

book-loading = Loading open times…
book-move-title = Move a visit
book-choose-time = Choose a time
book-move = Move the visit
book-moving = Moving…
book-reason = What is the visit about? (optional; only your care team sees it)
book-book = Book this time
book-booking = Booking…
book-request-title = Ask for a visit
book-request-first = A time that suits you
book-request-first-example = Tuesday mornings
book-request-another = Another (optional)
book-request-reason = What is the visit about? (optional)
book-request-send = Send the request
book-for-someone-else = You are booking for { $name }.
book-now = Now: { $day } { $time } with { $clinician }.
book-kind = Kind of visit
book-type-minutes = { $name } ({ $minutes } minutes)
book-by-clinic = booked by the clinic
book-first-available = First available
book-show-times = Show open times
book-none-open = No open times in these days. Try later days or another clinician, or call the clinic.
book-later = Later times

## One visit

visit-page-title = Appointment
visit-page-loading = Loading the visit…
visit-page-heading = { $visit } on { $day } at { $time }
visit-page-late-cancellation = Cancelled less than the clinic's notice before.
visit-page-reason = Reason:
visit-page-preferred = Preferred times:
visit-page-cancel-reason = Why it was cancelled:
visit-page-calendar = Add to calendar (.ics)
visit-page-check-in-text = Save time at the desk: confirm your details and answer a few questions before the visit.
visit-page-see-sent = See what was sent
visit-page-confirm-title = Confirm
visit-page-confirm-text = The clinic booked this visit. Please confirm you can come.
visit-page-confirmed = Confirmed.
visit-page-change-title = Change or cancel
visit-page-move = Move to another time
visit-page-cancel-why = Why are you cancelling? (optional)
visit-page-cancel = Cancel this visit
visit-page-cancelling = Cancelling…
visit-page-cancelled = The visit is cancelled and its time is free for someone else.
visit-page-change-refusal = To change this visit: { $why }.
visit-page-on-the-day = On the day
visit-page-mark-arrived = Mark arrived
visit-page-mark-missed = Mark missed
visit-page-mark-seen = Mark seen
visit-page-saving = Saving…
visit-page-saved = Saved.

## Online check-in

check-in-title = Check in
check-in-loading = Loading the check-in…
check-in-heading = Check in: { $visit } on { $day } at { $time }
check-in-heading-no-time = Check in: { $visit }
check-in-opens = Online check-in opens on { $day }.
check-in-closed = You cannot check in online now: { $why }.
check-in-back = Back to the visit
check-in-done = Checked in. Thank you; the front desk has your answers.
check-in-still-right = Is this still right?
check-in-tick = Tick each part that is right. If something has changed, tell us below.
check-in-nothing-on-file = Nothing on file.
check-in-this-is-right = This is right
check-in-front-desk-checks = The front desk will check this with the patient at the visit.
check-in-changes = What has changed? (needed for any part you did not tick)
check-in-emergency = For an emergency, call 911 or your local emergency number. These answers are read before your visit, not right away.
check-in-optional = { $question } (optional)
check-in-yes = Yes
check-in-no = No
check-in-sent-title = Checked in online
check-in-sent-by-patient = Sent { $when } by the patient.
check-in-sent-by-someone-else = Sent { $when } by someone acting for the patient.
check-in-confirmed = Confirmed as right:
check-in-not-confirmed = Not confirmed:
check-in-changed = What has changed:
