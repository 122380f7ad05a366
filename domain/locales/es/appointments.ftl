# Las palabras de Portico en español: páginas de citas. Cada mensaje tiene su gemelo en ../en/appointments.ftl.

## Compartidas por las páginas de una cita

appointments-all = Todas las citas
appointments-the-visit = La cita

## Reservar o cambiar una cita

book-loading = Cargando las horas libres…
book-move-title = Cambiar una cita
book-choose-time = Elija una hora
book-move = Cambiar la cita
book-moving = Cambiando…
book-reason = ¿De qué se trata la cita? (opcional; solo su equipo de atención lo ve)
book-book = Reservar esta hora
book-booking = Reservando…
book-request-title = Solicitar una cita
book-request-first = Una hora que le convenga
book-request-first-example = Martes por la mañana
book-request-another = Otra (opcional)
book-request-reason = ¿De qué se trata la cita? (opcional)
book-request-send = Enviar la solicitud
book-for-someone-else = Está reservando para { $name }.
book-now = Ahora: { $day } { $time } con { $clinician }.
book-kind = Tipo de cita
book-type-minutes = { $name } ({ $minutes } minutos)
book-by-clinic = la reserva la clínica
book-first-available = El primero disponible
book-show-times = Ver horas libres
book-none-open = No hay horas libres en estos días. Pruebe días posteriores u otro profesional, o llame a la clínica.
book-later = Horas posteriores

## Una cita

visit-page-title = Cita
visit-page-loading = Cargando la cita…
visit-page-heading = { $visit } el { $day } a las { $time }
visit-page-late-cancellation = Cancelada con menos anticipación de la que pide la clínica.
visit-page-reason = Motivo:
visit-page-preferred = Horas preferidas:
visit-page-cancel-reason = Por qué se canceló:
visit-page-calendar = Agregar al calendario (.ics)
visit-page-check-in-text = Ahorre tiempo en la recepción: confirme sus datos y responda unas preguntas antes de la cita.
visit-page-see-sent = Ver lo que se envió
visit-page-confirm-title = Confirmar
visit-page-confirm-text = La clínica reservó esta cita. Confirme que puede venir.
visit-page-confirmed = Confirmada.
visit-page-change-title = Cambiar o cancelar
visit-page-move = Cambiar a otra hora
visit-page-cancel-why = ¿Por qué cancela? (opcional)
visit-page-cancel = Cancelar esta cita
visit-page-cancelling = Cancelando…
visit-page-cancelled = La cita está cancelada y su hora queda libre para otra persona.
visit-page-change-refusal = Para cambiar esta cita: { $why }.
visit-page-on-the-day = El día de la cita
visit-page-mark-arrived = Marcar llegada
visit-page-mark-missed = Marcar como no presentado
visit-page-mark-seen = Marcar como atendido
visit-page-saving = Guardando…
visit-page-saved = Guardado.

## Registro en línea

check-in-title = Registrarse
check-in-loading = Cargando el registro…
check-in-heading = Registrarse: { $visit } el { $day } a las { $time }
check-in-heading-no-time = Registrarse: { $visit }
check-in-opens = El registro en línea se abre el { $day }.
check-in-closed = No puede registrarse en línea ahora: { $why }.
check-in-back = Volver a la cita
check-in-done = Registrado. Gracias; la recepción tiene sus respuestas.
check-in-still-right = ¿Sigue siendo correcto?
check-in-tick = Marque cada parte que sea correcta. Si algo cambió, díganoslo abajo.
check-in-nothing-on-file = No hay nada registrado.
check-in-this-is-right = Esto es correcto
check-in-front-desk-checks = La recepción lo revisará con el paciente en la cita.
check-in-changes = ¿Qué cambió? (necesario para cada parte que no marcó)
check-in-emergency = En caso de emergencia, llame al 911 o a su número local de emergencias. Estas respuestas se leen antes de su cita, no de inmediato.
check-in-optional = { $question } (opcional)
check-in-yes = Sí
check-in-no = No
check-in-sent-title = Registrado en línea
check-in-sent-by-patient = Enviado el { $when } por el paciente.
check-in-sent-by-someone-else = Enviado el { $when } por alguien que actúa en nombre del paciente.
check-in-confirmed = Confirmado como correcto:
check-in-not-confirmed = Sin confirmar:
check-in-changed = Qué cambió:
