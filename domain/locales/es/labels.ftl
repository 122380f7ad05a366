# Las palabras de Portico en español: las palabras que el servidor pone en los datos de las páginas.
# Cada mensaje tiene su gemelo en ../en/labels.ftl. El mensaje de un valor con nombre es
# `<tipo>-<código>` (vea `i18n::Named`); la marca de un resultado está en main.ftl.

## Citas: el estado de una cita, las citas del historial, reservar

appointment-status-requested = Solicitada
appointment-status-booked = Reservada
appointment-status-arrived = Llegó
appointment-status-fulfilled = Atendida
appointment-status-cancelled = Cancelada
appointment-status-noshow = No se presentó
appointment-status-declined = Tramitada
appointment-recorded = Registrada
appointment-no-time-given = Sin hora indicada
appointment-booked-for = Reservada para el { $when }.
appointment-moved-to = Cambiada al { $when }.
appointment-request-sent = Se envió su solicitud. La clínica reservará una hora y le avisará.
appointment-week-of = Semana del { $day }

## Mensajes: de qué trata una conversación, quién la responde, en qué estado está

message-topic-medical = Una pregunta médica
message-topic-private = Una pregunta de salud privada
message-topic-appointment = Una cita
message-topic-billing = Una factura o el seguro
message-topic-prescription = Una receta
message-pool-clinicians = Equipo de atención
message-pool-front-desk = Recepción
message-pool-billing = Oficina de facturación
message-pool-renewals = Renovaciones de recetas
conversation-status-open = Abierta
conversation-status-waiting = Esperando al paciente
conversation-status-closed = Cerrada
message-file-limits = Hasta { $count } archivos: PDF, JPEG o PNG, de { $each } como máximo cada uno y { $together } en total.

## Compartir: qué puede ver un cuidador, en qué estado está su acceso

scope-records = Historial de salud
scope-results = Resultados de pruebas
scope-appointments = Citas
scope-messages = Mensajes
scope-refills = Reposiciones de recetas
scope-billing = Facturas y seguro
scope-manage-access = Compartir y registro de accesos
grant-status-invited = Invitación enviada
grant-status-active = Activo
grant-status-expired = Vencido
grant-status-revoked = Revocado
grant-status-ended-at-majority = Terminó a los 18
grant-kind-guardian = Madre, padre o tutor
grant-kind-personal = Cuidador

## Renovaciones: qué pide una solicitud, en qué estado está, la receta

renewal-kind-refill = Reposición
renewal-kind-renewal = Renovación (una receta nueva)
renewal-status-pending = Esperando al equipo de atención
renewal-status-approved = Aprobada
renewal-status-denied = No aprobada
renewal-status-visit = Necesita una cita
renewal-asks-refill = { $remaining ->
    [one] Una reposición: queda { $remaining } reposición en esta receta.
   *[other] Una reposición: quedan { $remaining } reposiciones en esta receta.
}
renewal-asks-renewal = Una renovación: un profesional escribe una receta nueva.
renewal-latest = { $kind }: { $status } (solicitada el { $date })
prescription-medicine = Medicamento
prescription-dosage = Dosis
prescription-prescribed = Recetado
prescription-valid-until = Válida hasta
prescription-refills = Reposiciones
prescription-refills-used = { $allowed } permitidas, { $dispensed } surtidas

## Cuenta: los correos que una persona puede desactivar, los códigos de invitación

email-setting-visit_reminders = Recordatorios de citas por correo electrónico
email-setting-clinic_news = Un correo electrónico cuando la clínica responde un mensaje o una solicitud
email-setting-staff_digest = Un correo electrónico diario cuando hay conversaciones sin leer en mi bandeja
invitation-status-awaiting-approval = Necesita una segunda aprobación
invitation-status-pending = En espera
invitation-status-used = Inscrito
invitation-status-expired = Vencido
invitation-status-revoked = Reemplazado

## Facturación: movimientos, pagos, planes, la tarjeta del seguro

ledger-entry-charge = Cargo
ledger-entry-insurance = Pagado por el seguro
ledger-entry-adjustment = Ajuste
ledger-entry-payment = Pago
ledger-entry-refund = Reembolso
ledger-entry-write-off = Cancelación de deuda
payment-status-processing = En proceso
payment-status-succeeded = Pagado
payment-status-failed = Rechazado
payment-refunded = { $amount } reembolsado
payment-confirm-with-bank = El banco de su tarjeta le pide que confirme este pago; siga las indicaciones de su ventana.
payment-still-processing = El procesador de tarjetas todavía está trabajando en el pago; esta página lo mostrará cuando termine.
payment-declined = La tarjeta fue rechazada.
instalment-state-paid = Pagada
instalment-state-next = Siguiente
instalment-state-upcoming = Próxima
instalment-state-missed = Vencida sin pagar
plan-summary = { $total } en { $count } cuotas mensuales
plan-progress = { $paid } pagado de { $total }
plan-choice = { $months } pagos mensuales de aproximadamente { $part }
plan-missed = Cuota de { $amount } vencida el { $due } sin pagar; { $paid } pagado de { $total }
card-side-front = Frente de la tarjeta
card-side-back = Reverso de la tarjeta
card-added = Agregada el { $when }

## A record's FHIR status codes, as lists and details show them (hyphens read as spaces)
fhir-status-active = activo
fhir-status-inactive = inactivo
fhir-status-resolved = resuelto
fhir-status-recurrence = recurrencia
fhir-status-relapse = recaída
fhir-status-remission = remisión
fhir-status-completed = completado
fhir-status-stopped = suspendido
fhir-status-on-hold = en espera
fhir-status-cancelled = cancelado
fhir-status-entered-in-error = registrado por error
fhir-status-draft = borrador
fhir-status-unknown = desconocido
fhir-status-final = final
fhir-status-preliminary = preliminar
fhir-status-amended = modificado
fhir-status-corrected = corregido
fhir-status-registered = registrado
fhir-status-partial = parcial
fhir-status-appended = anexado
fhir-status-planned = planificado
fhir-status-arrived = llegó
fhir-status-triaged = clasificado
fhir-status-in-progress = en curso
fhir-status-onleave = de permiso
fhir-status-finished = finalizado
fhir-status-current = vigente
fhir-status-superseded = reemplazado
fhir-status-not-done = no realizado
fhir-status-intended = previsto
fhir-status-confirmed = confirmado
fhir-status-unconfirmed = no confirmado
fhir-status-provisional = provisional
fhir-status-differential = diferencial
fhir-status-refuted = descartado
fhir-status-not-taken = no tomado
fhir-status-revoked = revocado
fhir-status-ended = terminado
fhir-status-accepted = aceptado
fhir-status-rejected = rechazado
fhir-status-suspended = suspendido
