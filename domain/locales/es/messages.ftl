# Las palabras de Portico en español: páginas de mensajes. Cada mensaje tiene su gemelo en ../en/messages.ftl.

## Una conversación

thread-title = Conversación
thread-loading = Cargando la conversación…
thread-all-messages = Todos los mensajes
thread-read = Leído por el equipo de atención.
thread-internal-note = Nota interna (el paciente nunca la ve)
thread-closed = Ya no puede responder aquí: { $reason }.
thread-reply = Responder
thread-your-reply = Su respuesta
thread-note-label = Nota interna (solo la ve la clínica)
thread-add-note = Agregar la nota
thread-adding = Agregando…
thread-sent = Enviado.
thread-work = Atenderla
thread-not-taken = Nadie la ha tomado todavía.
thread-taken-by = La atiende { $name }.
thread-status = Estado
thread-taking = Yo la atiendo
thread-save = Guardar
thread-saving = Guardando…
thread-saved = Guardado.
thread-files-title = Enviar una foto o un documento
thread-files-caption = ¿Qué son? (opcional)
thread-files-send = Enviar los archivos
