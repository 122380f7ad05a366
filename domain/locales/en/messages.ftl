# Portico's words in English: messages pages. Every message has its twin in ../es/messages.ftl.

## One conversation (thread)

thread-title = Conversation
thread-loading = Loading the conversation…
thread-all-messages = All messages
thread-read = Read by the care team.
thread-internal-note = Internal note (the patient never sees it)
thread-closed = You can no longer reply here: { $reason }.
thread-reply = Reply
thread-your-reply = Your reply
thread-note-label = Internal note (only the clinic sees it)
thread-add-note = Add the note
thread-adding = Adding…
thread-sent = Sent.
thread-work = Work it
thread-not-taken = Nobody has taken it yet.
thread-taken-by = Taken by { $name }.
thread-status = Status
thread-taking = I am taking it
thread-save = Save
thread-saving = Saving…
thread-saved = Saved.
thread-files-title = Send a photo or a document
thread-files-caption = What are they? (optional)
thread-files-send = Send the files

## What Portico says about a conversation (the clinic's answer time, files sent without a caption)

msg-answer-notice = { $count ->
    [one] The clinic answers within { $count } business day.
   *[other] The clinic answers within { $count } business days.
}
msg-sent-files = { $count ->
    [one] Sent a file.
   *[other] Sent { $count } files.
}
msg-kind-pdf = PDF
msg-kind-jpeg = JPEG image
msg-kind-png = PNG image

## Refusals
# Why a message, a file or a clinic's messaging setting was refused (and free text anywhere: too long, control characters).

msg-too-long = keep it under { $max } characters
msg-control-characters = contains control characters
msg-topic-choose = choose what the message is about
msg-status-choose = open, waiting or closed
msg-write-something = please write something
msg-staff-cannot-start = the clinic answers conversations the patient's side starts
msg-topic-off = the clinic takes no messages on this topic; please call the clinic
msg-files-none = choose at least one file
msg-closed = this conversation is closed; start a new one
msg-replies-closed = replies close { $days } days after the last message; start a new conversation
msg-assign-pool = assign it to someone who works this pool
msg-file-refused = { $file }: { $why }
msg-unnamed-file-refused = The file: { $why }
msg-file-empty = the file is empty
msg-file-too-large = larger than { $size } (the most for one file)
msg-file-kind = not a PDF, JPEG or PNG file; only those can be sent
msg-file-active-pdf = the PDF holds scripts or other files; print it to a new PDF and send that
msg-file-unreadable-image = could not be read as a { $kind } image (or it is larger than { $max } pixels a side)
msg-too-many-files = send at most { $max } files with one message
msg-files-too-large = the files together are larger than { $size } (the most for one message)
msg-upload-unreadable = the upload could not be read ({ $error }); nothing was sent
msg-upload-order = the form must name the patient and the conversation before its files
msg-upload-too-large = the files are larger than allowed ({ $each } each, { $together } together); nothing was sent
msg-field-too-long = is too long
msg-no-such-patient = no such patient
msg-age-days = a number of days
msg-setting-not-pair = "{ $part }" is not name=value
msg-setting-days = { $name } is a number of days, 1 to { $max }
msg-setting-topic = "{ $topic }" is not a topic
msg-setting-pool = "{ $code }" is not a pool (or off)
msg-setting-private = { $topic } questions go to the clinicians or nowhere
msg-setting-unknown = "{ $name }" is not one of reply-window-days, answer-days, route-<topic>
