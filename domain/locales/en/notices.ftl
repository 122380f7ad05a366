# Portico's words in English: visit reminders and the clinic's inbox digest, by e-mail (never the
# reason, the clinician or the kind of visit). Every message has its twin in ../es/notices.ftl.

## Visit reminders

reminder-subject = Reminder: a visit at { $clinic } on { $day }
reminder-own = This is a reminder of your visit at { $clinic } on { $day } at { $time }.
reminder-other = This is a reminder of a visit of someone you help care for at { $clinic } on { $day } at { $time }.
reminder-details = To see the details, or to move or cancel the visit, sign in to Portico: { $link }
reminder-too-late = If the visit cannot happen and it is too late to cancel online, please { $call }.
reminder-turn-off = You can turn these reminders off on your Security page.

## The inbox digest (staff)

digest-subject = { $count ->
    [one] A conversation waits in your Portico inbox
   *[other] { $count } conversations wait in your Portico inbox
}
digest-what = { $count ->
    [one] 1 conversation in your inbox has news from a patient that you have not read.
   *[other] { $count } conversations in your inbox have news from patients that you have not read.
} Sign in to Portico to read them.
digest-turn-off = You can turn this e-mail off on your Security page.
