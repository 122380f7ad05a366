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
