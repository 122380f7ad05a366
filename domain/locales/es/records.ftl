# Las palabras de Portico en español: páginas del historial. Cada mensaje tiene su gemelo en ../en/records.ftl.

## About the patient (the record's first page)

overview-name = Nombre
overview-birth-date = Fecha de nacimiento
overview-born = { $date } ({ $age } años)
overview-email = Correo electrónico para avisos
overview-no-email = No hay ninguno registrado
overview-account = Cuenta de Portico
overview-account-set-up = Configurada
overview-account-not-set-up = Todavía no configurada

## Sharing: who else may see the record

sharing-lead-self = Personas que pueden ver partes del historial y actuar en su nombre.
sharing-lead-other = Personas que pueden ver partes del historial y actuar en nombre de este paciente.
sharing-who = Quién tiene acceso
sharing-nobody = Nadie más tiene acceso.
sharing-invite-caregiver = Invitar a un cuidador
sharing-add-guardian = Agregar a una madre, un padre o un tutor
sharing-invite-text = Configuran su propia cuenta y su propia llave de acceso con un código de un solo uso; nunca usan la de usted.
sharing-name = Nombre de la persona
sharing-relationship = Qué relación tiene con el paciente
sharing-relationship-placeholder = Hija, esposo, vecino…
sharing-email = Correo electrónico de la persona (opcional)
sharing-scopes = Qué puede ver y hacer
sharing-last-day = Último día de acceso (opcional)
sharing-create = Crear código de invitación
sharing-until = hasta el { $date }
sharing-change = Cambiar el acceso
sharing-change-for = Cambiar el acceso de { $name }
sharing-revoke = Revocar
sharing-revoke-confirm = Sí, revocar el acceso
sharing-keep = Mantener
sharing-last-day-edit = Último día de acceso (vacío si no hay ninguno)
sharing-save = Guardar los cambios
sharing-changed = Se cambió el acceso de { $name }.
sharing-revoked = { $name } ya no tiene acceso.

## The access log

access-log-loading = Cargando el registro de accesos…
access-log-lead = Todas las personas que abrieron o cambiaron este historial en Portico, de la más reciente a la más antigua. Las horas son las de la clínica.
access-log-person = Persona
access-log-everyone = Todos
access-log-none = Nada coincide con estos filtros.
access-log-entries = Entradas del registro de accesos
access-log-when = Cuándo
access-log-who = Quién
access-log-what = Qué
access-log-refused = Rechazado
access-log-pages = Páginas del registro de accesos

## Refusals and notes of an import, and of the record's pages
# Dónde se leyó una entrada importada, y un rechazo que la nombra ("bundle.json, entrada 4: …").

fhir-place-file = { $file }
fhir-place-entry = { $file }, entrada { $entry }
fhir-place-line = { $file }, línea { $line }
fhir-at = { $place }: { $problem }
fhir-not-json-at = no es JSON válido (línea { $line }, columna { $column }): { $error }
fhir-line-not-json = línea { $line }: no es JSON válido: { $error }
fhir-line-not-utf8 = línea { $line }: no es texto UTF-8
fhir-not-utf8 = no es texto UTF-8
fhir-no-resource-type = no es un recurso FHIR (no tiene resourceType)
fhir-bundle-type = no se puede importar un Bundle de tipo "{ $kind }" (batch, transaction, collection, searchset o document)
fhir-entry-no-resource = la entrada no tiene ningún recurso
fhir-no-id = el recurso no tiene id ni URL completa
fhir-bad-id = "{ $id }" no es un id de recurso válido
fhir-reference = la referencia "{ $reference }" { $problem }
fhir-reference-search = solo admite búsquedas identifier= en las referencias, no { $name }=
fhir-reference-no-identifier = no tiene ninguna búsqueda identifier=
fhir-reference-no-match = no coincide con ningún recurso de esta importación ni guardado antes
fhir-reference-many = coincide con { $count } recursos, no con uno solo
fhir-reference-no-entry = no coincide con ninguna entrada de esta importación
fhir-reference-unfollowable = no es una referencia que Portico pueda seguir
rec-source-name = el nombre de un origen tiene hasta 64 letras, dígitos y . _ - : /
rec-choose-files = elija al menos un archivo
rec-upload-unreadable = no se pudo leer lo que se cargó ({ $error }); no se importó nada
rec-patient-no-name = el Patient no tiene nombre
rec-patient-no-given-or-family = el Patient no tiene nombre de pila ni apellido
rec-patient-no-birth-date = el Patient no tiene una birthDate completa (AAAA-MM-DD); la inscripción la comprueba
rec-delete-no-key = DELETE "{ $url }" no nombra ningún recurso (Tipo/id)
rec-delete-patient = DELETE { $key }: una importación no elimina pacientes; eso lo hace la clínica en Portico
rec-patient-missing = { $key } es sobre Patient/{ $patient }, que no está en esta importación ni se importó antes
rec-would-move = { $key } ya está en el historial de otro paciente, y esta importación lo movería; no se importó nada (una exportación de otro sistema puede reutilizar los id)
rec-bundle-no-patient = no contiene ningún Patient
rec-import-running = hay otra importación en curso; su avance se muestra en esta página. Inicie esta cuando haya terminado
rec-import-failed-server = la importación falló en el servidor; no se guardó nada. Inténtelo de nuevo o pida al administrador que revise el registro del servidor
rec-import-interrupted = el servidor se detuvo mientras se hacía esta importación; no se guardó nada de ella. Importe los archivos de nuevo
rec-by-former-staff = un antiguo miembro del personal
rec-by-command-line = la línea de comandos
rec-note-repeated = { $count ->
    [one] { $count } repetido y guardado una vez (la copia más reciente)
   *[other] { $count } repetidos y guardados una vez (la copia más reciente)
}
rec-note-deleted = { $count ->
    [one] { $count } eliminado por entradas DELETE
   *[other] { $count } eliminados por entradas DELETE
}
rec-note-reads-ignored = { $count ->
    [one] { $count } entrada GET/HEAD ignorada
   *[other] { $count } entradas GET/HEAD ignoradas
}
rec-note-links-dropped = { $count ->
    [one] { $count } vínculo a un tipo que Portico no guarda se quitó (se conservó su texto)
   *[other] { $count } vínculos a tipos que Portico no guarda se quitaron (se conservó su texto)
}
rec-delay-not-pair = "{ $item }" no tiene la forma categoría=horas
rec-delay-category = "{ $category }" no es un nombre de categoría
rec-delay-whole = { $category }: las horas deben ser un número entero
rec-delay-range = { $category }: las horas deben estar entre 0 y { $max }
rec-no-section = no existe esa parte del historial
rec-days-reversed = el último día es anterior al primero

## A detail page's facts
# Las etiquetas de lo que el historial tiene de una entrada (los valores quedan como se importaron).

rec-fact-status = Estado
rec-fact-verification = Verificación
rec-fact-started = Comenzó
rec-fact-resolved = Se resolvió
rec-fact-recorded = Registrado
rec-fact-severity = Gravedad
rec-fact-how-to-take-it = Cómo tomarlo
rec-fact-prescribed = Recetado
rec-fact-prescribed-by = Recetado por
rec-fact-refills-allowed = Reposiciones permitidas
rec-fact-reason = Motivo
rec-fact-type = Tipo
rec-fact-category = Categoría
rec-fact-risk = Riesgo
rec-fact-reaction = Reacción
rec-fact-given = Fecha de aplicación
rec-fact-lot = Lote
rec-fact-site = Sitio
rec-fact-given-by = Aplicada por
rec-fact-result = Resultado
rec-fact-reference-range = Intervalo de referencia
rec-fact-flag = Indicador
rec-fact-taken = Fecha de la toma
rec-fact-method = Método
rec-fact-note = Nota
rec-fact-collected = Fecha de recolección
rec-fact-issued = Fecha de emisión
rec-fact-performed-by = Realizado por
rec-fact-conclusion = Conclusión
rec-fact-date = Fecha
rec-fact-body-site = Parte del cuerpo
rec-fact-start = Inicio
rec-fact-end = Fin
rec-fact-kind = Clase
rec-fact-seen-by = Atendido por
rec-fact-where = Dónde
rec-fact-author = Autor
rec-fact-plan = Plan
rec-fact-insurer = Aseguradora
rec-fact-member-id = Número de afiliado
rec-fact-relationship = Parentesco
rec-fact-from = Desde
rec-fact-until = Hasta
rec-fact-name = Nombre

## Contact details at check-in (the kind of each line; the values are the record's)
rec-contact-phone = Teléfono
rec-contact-email = Correo electrónico
rec-contact-sms = Mensajes de texto
rec-contact-other = Contacto
rec-contact-home = casa
rec-contact-work = trabajo
rec-contact-mobile = celular
rec-contact-line = { $system }: { $value }
rec-contact-line-use = { $system } ({ $usage }): { $value }
rec-contact-address = Dirección: { $address }

## Access log actions
# Qué significa cada acción auditada, como la dicen el registro de accesos y la página de auditoría, y quién la hizo.

log-action-record-read = Vio el historial de salud
log-action-proxy-invite = Invitó a un cuidador
log-action-proxy-read = Vio quién tiene acceso
log-action-proxy-update = Cambió el acceso de un cuidador
log-action-proxy-revoke = Revocó el acceso de un cuidador
log-action-proxy-accept = Aceptó una invitación para ayudar
log-action-proxy-end = El acceso de la madre, el padre o el tutor terminó al cumplir la mayoría de edad
log-action-access-log-read = Vio el registro de accesos
log-action-sign-in = Inició sesión
log-action-sign-in-new-device = Inició sesión desde un dispositivo o navegador nuevo (se avisó por correo electrónico)
log-action-security-alert = Alerta de seguridad
log-action-sign-out = Cerró sesión
log-action-session-timeout = Se cerró su sesión después de un período de inactividad
log-action-session-end = Cerró una sesión
log-action-enroll-begin = Ingresó un código de activación
log-action-enroll-complete = Configuró la cuenta con una llave de acceso
log-action-patient-invite = Registró al paciente en la clínica y emitió un código de activación
log-action-recovery-begin = Usó un código de recuperación
log-action-recovery-issue = Emitió un código para recuperar la cuenta (configura una nueva llave de acceso)
log-action-recovery-approve = Aprobó un código para recuperar la cuenta
log-action-recovery-cancel = Canceló un código para recuperar la cuenta
log-action-recovery-codes-regenerate = Creó nuevos códigos de recuperación
log-action-step-up = Confirmó su identidad con una llave de acceso
log-action-passkey-add = Agregó una llave de acceso
log-action-passkey-remove = Quitó una llave de acceso
log-action-passkey-rename = Cambió el nombre de una llave de acceso
log-action-appointment-list = Vio las citas
log-action-appointment-view = Vio una cita
log-action-appointment-calendar = Guardó una cita en un calendario
log-action-appointment-book = Reservó una cita
log-action-appointment-request = Solicitó una cita
log-action-appointment-reschedule = Cambió una cita
log-action-appointment-cancel = Canceló una cita
log-action-appointment-confirm = Confirmó una cita
log-action-appointment-checkin = Se registró en línea para una cita
log-action-appointment-checkin-view = Vio el registro en línea de una cita
log-action-appointment-arrived = Marcó la llegada del paciente
log-action-appointment-noshow = Marcó que el paciente no se presentó a una cita
log-action-appointment-fulfilled = Marcó una cita como atendida
log-action-appointment-reminder = Envió un recordatorio de cita por correo electrónico
log-action-message-start = Escribió a la clínica
log-action-message-reply = Respondió en una conversación
log-action-message-note = Agregó una nota interna a una conversación
log-action-message-read = Leyó una conversación
log-action-message-list = Vio los mensajes
log-action-message-update = Cambió el estado de una conversación o quién la atiende
log-action-message-inbox = Mostró la conversación en la bandeja de entrada de la clínica
log-action-patients-search = Encontró al paciente en una búsqueda de pacientes por nombre
log-action-message-attachment = Abrió un archivo enviado en una conversación
log-action-renewal-request = Pidió una reposición o una renovación de receta
log-action-renewal-list = Vio las renovaciones de recetas
log-action-renewal-read = Leyó una solicitud de renovación
log-action-renewal-decide = Decidió una solicitud de renovación
log-action-renewal-queue = Mostró la solicitud de renovación en la lista de pendientes de los profesionales clínicos
log-action-billing-read = Vio la factura
log-action-billing-statement = Vio un estado de cuenta mensual
log-action-billing-pay = Pagó con tarjeta
log-action-billing-payment-succeeded = Se completó un pago con tarjeta
log-action-billing-post = Registró un movimiento en la factura
log-action-billing-refund = Reembolsó un pago
log-action-billing-plan-start = Inició un plan de pagos
log-action-billing-plan-cancel = Terminó un plan de pagos
log-action-billing-report = Mostró al paciente en el informe diario de la oficina de facturación
log-action-billing-card-upload = Agregó una foto de la tarjeta del seguro
log-action-billing-card-view = Vio una foto de la tarjeta del seguro
log-action-billing-card-remove = Quitó una foto de la tarjeta del seguro
log-action-notices-on = Activó un correo electrónico opcional
log-action-notices-off = Desactivó un correo electrónico opcional
log-action-account-language = Eligió el idioma de Portico
log-action-schedule-view = Vio la agenda de la clínica
log-action-schedule-time-zone = Fijó la zona horaria de la clínica
log-action-schedule-reminders = Fijó cuándo se envían los recordatorios de citas
log-action-schedule-visit-type-save = Guardó un tipo de cita
log-action-schedule-template-add = Agregó un horario semanal
log-action-schedule-template-end = Terminó un horario semanal
log-action-schedule-template-change = Cambió un horario semanal
log-action-schedule-exception-add = Agregó una ausencia u horas adicionales
log-action-schedule-clinician-add = Agregó un profesional clínico a la agenda
log-action-schedule-location-add = Agregó una sede
# Una acción para la que Portico no tiene palabras: su código, tal como se registró.
log-action-other = { $action }
log-actor-you = Usted
log-actor-patient = { $name } (paciente)
log-actor-caregiver = { $name } (cuidador)
log-actor-staff = { $name } ({ $role })
log-actor-one-time-code = Alguien con un código de un solo uso
log-actor-clinic = La clínica
log-actor-the-patient = El paciente
log-actor-portico = Portico
log-device-unknown = Dispositivo desconocido

## A list line's words (the rest of a line is the record's)
rec-line-since = Desde el { $day }
rec-line-resolved = Resuelto el { $day }
rec-line-high-risk = riesgo alto
rec-line-low-risk = riesgo bajo
rec-line-risk-unknown = no se pudo evaluar
rec-line-reactions-risk = { $reactions } · { $risk }
rec-line-results = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
rec-line-member-id = N.º de afiliado { $id }
rec-line-titled = { $title } ({ $detail })

## Titles Portico gives a record that has none
rec-untitled = { $kind } (sin descripción)
rec-result-untitled = Resultado
rec-visit-untitled = Visita
rec-medication-untitled = Medicamento
rec-care-untitled = Atención médica
rec-attachment-untitled = { $title } { $number }

## A result's value when the record gives no number or text
rec-value-none = Sin valor
rec-value-yes = Sí
rec-value-no = No
