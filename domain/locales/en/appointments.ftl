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

## Refusals
# Why the scheduling domain refuses a booking, a change, a check-in or a schedule setting.

sched-keep-under = keep it under { $max } characters
sched-control-characters = contains control characters
sched-no-such-visit-type = no such visit type
sched-booked-by-clinic = { $visit } visits are booked by the clinic: send a request or call
sched-established-only = { $visit } visits are for patients seen here in the last { $months } months: send a request or call
sched-no-such-time = no such time
sched-slot-not-for-type = that time is not for { $visit } visits
sched-time-passed = that time has passed
sched-lead-time = { $visit } visits are booked at least { $hours } hours ahead: choose a later time or call
sched-horizon = { $visit } visits are booked at most { $days } days ahead
sched-no-longer-changeable = this visit can no longer be changed
sched-no-time = this visit has no time
sched-begun-or-passed = this visit has begun or passed
sched-too-late-to-change = it is less than { $hours } hours before the visit: please call the clinic
sched-only-upcoming-confirmed = only an upcoming visit can be confirmed
sched-preferred-count = give one to three times that suit you
sched-preferred-too-long = keep each preferred time under 100 characters
sched-request-handled = that request was already handled
sched-cannot-mark = a visit that is { $status } cannot be marked { $marking }
sched-missed-once-begun = a visit is missed only once it has begun
sched-arrival-on-the-day = arrival is marked on the day of the visit
sched-marking = mark a visit arrived, noshow or fulfilled
sched-time-taken = That time was just taken. Choose another; the times below are up to date.
sched-no-time-yet = a request has no time yet
sched-booking-choice = choose anyone, established or staff
sched-visit-type-id = use up to 40 lower-case letters, digits and dashes
sched-visit-minutes = a visit lasts 5 to 480 minutes
sched-horizon-range = book 1 to 730 days ahead
sched-lead-cutoff-range = lead time and cut-off are at most 60 and 30 days
sched-no-such-questionnaire = there is no questionnaire "{ $id }" (there are: { $known })
sched-cannot-be-empty = cannot be empty
sched-longer-than = is longer than { $max } characters
sched-clock-format = enter the time as hours:minutes, 08:30
sched-hours-order = the hours end after they start, on the same day
sched-slot-length = a slot lasts 5 to 480 minutes and fits in the hours
sched-no-such-clinician = no such clinician
sched-no-such-location = no such location
sched-no-such-patient = no such patient
sched-offer-a-visit-type = offer at least one visit type
sched-no-visit-type-named = no visit type "{ $id }"
sched-weekday = 1 (Monday) to 7 (Sunday)
sched-last-day-before-first = the last day comes before the first
sched-end-today-at-earliest = hours end today at the earliest
sched-change-tomorrow-at-earliest = a change takes effect tomorrow at the earliest
sched-hours-end-before = these hours end before that day
sched-held-visit-past = a held visit is in the past; book future ones
sched-reminder-format = enter hours before the visit, as 72,24
sched-reminder-range = a reminder goes 1 hour to 30 days before
sched-reminder-count = at most four reminders
sched-whole-number = enter a whole number
sched-choose-last-day = choose the last day
sched-choose-first-day = choose the first day of the new hours
sched-choose-day = choose the day
sched-not-a-zone = "{ $name }" is not a time zone name; use one like America/New_York
sched-day-out-of-range = that day is out of range
sched-already-checked-in = already checked in
sched-check-in-only-booked = only a booked visit can be checked in
sched-check-in-closes = check-in closes when the visit begins; please check in at the desk
sched-check-in-opens-before = check-in opens { $days } days before the visit
sched-unknown-part = unknown part of the record
sched-tell-changes = tell us what has changed in the parts you did not confirm
sched-answer-wrong = { $question } — { $problem }
sched-answer-please = please answer this question
sched-answer-yes-no = answer yes or no
sched-answer-number = give a whole number from { $min } to { $max }
sched-answer-choose = choose one of the answers

## The schedule's words
# Names and summaries the scheduling pages and the visit's calendar file show.

sched-unknown-patient = Unknown patient
sched-hours-when = { $weekday } { $start }–{ $end }, { $minutes }-minute slots
sched-hours-between = { $from } to { $until }
sched-hours-from = from { $from }
sched-ics-summary = Visit at { $clinic }
sched-ics-with = With { $clinician }
sched-ics-change = To change it, call { $phone } or use the portal.
sched-part-contact = Your address, phone and e-mail
sched-part-insurance = Your insurance
sched-part-medications = The medicines you take
sched-part-allergies = Your allergies

## Check-in questionnaires
# Their words as Portico asks them (answers are stored with the English text of the questionnaire).

sched-q-general-title = Before your visit
sched-q-general-intro = A few questions so your care team can prepare.
sched-q-general-concerns = What would you like to talk about at this visit?
sched-q-general-hospital = Have you been to an emergency room or stayed in a hospital since your last visit?
sched-q-general-symptoms = Any new symptoms we should know about?
sched-q-general-pain = Pain today, from 0 (none) to 10 (worst imaginable)
sched-q-phq-2-title = Mood (PHQ-2)
sched-q-phq-2-intro = Over the last 2 weeks, how often have you been bothered by the following problems?
sched-q-phq-2-interest = Little interest or pleasure in doing things
sched-q-phq-2-down = Feeling down, depressed, or hopeless
sched-q-phq-2-total = PHQ-2 total score
sched-q-phq-2-positive = positive screen: follow with a PHQ-9
sched-q-answer-la6568-5 = Not at all
sched-q-answer-la6569-3 = Several days
sched-q-answer-la6570-1 = More than half the days
sched-q-answer-la6571-9 = Nearly every day
sched-q-score = { $score } { $total } of { $max }
sched-q-score-positive = { $score } { $total } of { $max }: { $note }
