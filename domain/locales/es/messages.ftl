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

## Lo que Portico dice de una conversación (el plazo de respuesta de la clínica, archivos enviados sin texto)

msg-answer-notice = { $count ->
    [one] La clínica responde en { $count } día hábil.
   *[other] La clínica responde en { $count } días hábiles.
}
msg-sent-files = { $count ->
    [one] Envió un archivo.
   *[other] Envió { $count } archivos.
}
msg-kind-pdf = PDF
msg-kind-jpeg = imagen JPEG
msg-kind-png = imagen PNG

## Rechazos
# Por qué se rechazó un mensaje, un archivo o un ajuste de mensajería de la clínica (y texto libre en cualquier parte: demasiado largo, caracteres de control).

msg-too-long = no escriba más de { $max } caracteres
msg-control-characters = contiene caracteres de control
msg-topic-choose = elija de qué trata el mensaje
msg-status-choose = abierta, en espera o cerrada
msg-write-something = escriba algo, por favor
msg-staff-cannot-start = la clínica responde a las conversaciones que inicia el paciente o quien actúa en su nombre
msg-topic-off = la clínica no recibe mensajes sobre este tema; llame a la clínica, por favor
msg-files-none = elija al menos un archivo
msg-closed = esta conversación está cerrada; inicie una nueva
msg-replies-closed = ya no se puede responder { $days } días después del último mensaje; inicie una conversación nueva
msg-assign-pool = asígnela a alguien que atienda este grupo
msg-file-refused = { $file }: { $why }
msg-unnamed-file-refused = El archivo: { $why }
msg-file-empty = el archivo está vacío
msg-file-too-large = pesa más de { $size } (el máximo por archivo)
msg-file-kind = no es un archivo PDF, JPEG ni PNG; solo se pueden enviar esos
msg-file-active-pdf = el PDF contiene scripts u otros archivos; imprímalo como un PDF nuevo y envíe ese
msg-file-unreadable-image = no se pudo leer como imagen { $kind } (o mide más de { $max } píxeles por lado)
msg-too-many-files = envíe como máximo { $max } archivos por mensaje
msg-files-too-large = los archivos juntos pesan más de { $size } (el máximo por mensaje)
msg-upload-unreadable = no se pudo leer el envío ({ $error }); no se envió nada
msg-upload-order = el formulario debe indicar el paciente y la conversación antes de sus archivos
msg-upload-too-large = los archivos pesan más de lo permitido ({ $each } cada uno, { $together } en total); no se envió nada
msg-field-too-long = es demasiado largo
msg-no-such-patient = ese paciente no existe
msg-age-days = un número de días
msg-setting-not-pair = "{ $part }" no tiene la forma nombre=valor
msg-setting-days = { $name } es un número de días, de 1 a { $max }
msg-setting-topic = "{ $topic }" no es un tema
msg-setting-pool = "{ $code }" no es un grupo (ni off)
msg-setting-private = las preguntas del tema { $topic } van a los profesionales clínicos o a ninguna parte
msg-setting-unknown = "{ $name }" no es ninguno de reply-window-days, answer-days, route-<topic>
