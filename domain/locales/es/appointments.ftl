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

## Rechazos
# Por qué la agenda rechaza una reserva, un cambio, un registro o un ajuste del horario.

sched-keep-under = use menos de { $max } caracteres
sched-control-characters = contiene caracteres de control
sched-no-such-visit-type = no existe ese tipo de cita
sched-booked-by-clinic = las citas de { $visit } las reserva la clínica: envíe una solicitud o llame
sched-established-only = las citas de { $visit } son para pacientes atendidos aquí { $months ->
        [one] el último mes
       *[other] en los últimos { $months } meses
    }: envíe una solicitud o llame
sched-no-such-time = no existe esa hora
sched-slot-not-for-type = esa hora no es para citas de { $visit }
sched-time-passed = esa hora ya pasó
sched-lead-time = las citas de { $visit } se reservan con al menos { $hours } { $hours ->
        [one] hora
       *[other] horas
    } de anticipación: elija una hora posterior o llame
sched-horizon = las citas de { $visit } se reservan con { $days } { $days ->
        [one] día
       *[other] días
    } de anticipación como máximo
sched-no-longer-changeable = esta cita ya no se puede cambiar
sched-no-time = esta cita no tiene hora
sched-begun-or-passed = esta cita ya empezó o ya pasó
sched-too-late-to-change = faltan menos de { $hours } { $hours ->
        [one] hora
       *[other] horas
    } para la cita: llame a la clínica
sched-only-upcoming-confirmed = solo se puede confirmar una cita próxima
sched-preferred-count = indique de una a tres horas que le convengan
sched-preferred-too-long = use menos de 100 caracteres para cada hora preferida
sched-request-handled = esa solicitud ya se atendió
sched-cannot-mark = una cita { $status ->
        [requested] solicitada
        [booked] reservada
        [arrived] con la llegada marcada
        [fulfilled] atendida
        [cancelled] cancelada
        [noshow] marcada como no presentada
        [declined] ya gestionada
       *[other] en estado { $status }
    } no se puede marcar como { $marking ->
        [arrived] llegada
        [noshow] no presentada
        [fulfilled] atendida
       *[other] { $marking }
    }
sched-missed-once-begun = una cita se marca como no presentada solo cuando ya empezó
sched-arrival-on-the-day = la llegada se marca el día de la cita
sched-marking = marque una cita como llegada (arrived), no presentada (noshow) o atendida (fulfilled)
sched-time-taken = Alguien acaba de reservar esa hora. Elija otra; las horas de abajo están al día.
sched-no-time-yet = una solicitud todavía no tiene hora
sched-booking-choice = elija anyone, established o staff
sched-visit-type-id = use hasta 40 letras minúsculas, dígitos y guiones
sched-visit-minutes = una cita dura de 5 a 480 minutos
sched-horizon-range = reserve de 1 a 730 días por delante
sched-lead-cutoff-range = la antelación y el plazo de cancelación son de 60 y 30 días como máximo
sched-no-such-questionnaire = no existe el cuestionario "{ $id }" (existen: { $known })
sched-cannot-be-empty = no puede estar vacío
sched-longer-than = tiene más de { $max } caracteres
sched-clock-format = escriba la hora como horas:minutos, 08:30
sched-hours-order = el horario termina después de empezar, el mismo día
sched-slot-length = un turno dura de 5 a 480 minutos y cabe en el horario
sched-no-such-clinician = no existe ese profesional
sched-no-such-location = no existe esa sede
sched-no-such-patient = no existe ese paciente
sched-offer-a-visit-type = ofrezca al menos un tipo de cita
sched-no-visit-type-named = no existe el tipo de cita "{ $id }"
sched-weekday = de 1 (lunes) a 7 (domingo)
sched-last-day-before-first = el último día es anterior al primero
sched-end-today-at-earliest = el horario termina hoy como muy pronto
sched-change-tomorrow-at-earliest = un cambio entra en vigor mañana como muy pronto
sched-hours-end-before = este horario termina antes de ese día
sched-held-visit-past = una cita ya realizada está en el pasado; reserve las futuras
sched-reminder-format = escriba las horas antes de la cita, como 72,24
sched-reminder-range = un recordatorio se envía de 1 hora a 30 días antes
sched-reminder-count = cuatro recordatorios como máximo
sched-whole-number = escriba un número entero
sched-choose-last-day = elija el último día
sched-choose-first-day = elija el primer día del nuevo horario
sched-choose-day = elija el día
sched-not-a-zone = "{ $name }" no es el nombre de una zona horaria; use uno como America/New_York
sched-day-out-of-range = ese día está fuera de rango
sched-already-checked-in = ya se registró
sched-check-in-only-booked = solo una cita reservada admite el registro
sched-check-in-closes = el registro en línea se cierra cuando empieza la cita; regístrese en la recepción
sched-check-in-opens-before = el registro en línea se abre { $days } { $days ->
        [one] día
       *[other] días
    } antes de la cita
sched-unknown-part = parte del expediente desconocida
sched-tell-changes = díganos qué cambió en las partes que no confirmó
sched-answer-wrong = { $question } — { $problem }
sched-answer-please = responda esta pregunta
sched-answer-yes-no = responda sí o no
sched-answer-number = escriba un número entero del { $min } al { $max }
sched-answer-choose = elija una de las respuestas

## Las palabras de la agenda
# Nombres y resúmenes que muestran las páginas de la agenda y el archivo de calendario de una cita.

sched-unknown-patient = Paciente desconocido
sched-hours-when = { $weekday } { $start }–{ $end }, turnos de { $minutes } minutos
sched-hours-between = del { $from } al { $until }
sched-hours-from = desde el { $from }
sched-ics-summary = Cita en { $clinic }
sched-ics-with = Con { $clinician }
sched-ics-change = Para cambiarla, llame al { $phone } o use el portal.
sched-part-contact = Su dirección, teléfono y correo electrónico
sched-part-insurance = Su seguro
sched-part-medications = Los medicamentos que toma
sched-part-allergies = Sus alergias

## Cuestionarios del registro
# Sus palabras tal como Portico las pregunta (las respuestas se guardan con el texto en inglés del cuestionario).

sched-q-general-title = Antes de su cita
sched-q-general-intro = Unas preguntas para que su equipo de atención pueda prepararse.
sched-q-general-concerns = ¿De qué le gustaría hablar en esta cita?
sched-q-general-hospital = ¿Ha ido a una sala de emergencias o ha estado internado en un hospital desde su última cita?
sched-q-general-symptoms = ¿Tiene algún síntoma nuevo que debamos saber?
sched-q-general-pain = Dolor hoy, de 0 (ninguno) a 10 (el peor imaginable)
sched-q-phq-2-title = Estado de ánimo (PHQ-2)
sched-q-phq-2-intro = Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?
sched-q-phq-2-interest = Poco interés o placer en hacer cosas
sched-q-phq-2-down = Se ha sentido decaído(a), deprimido(a) o sin esperanzas
sched-q-phq-2-total = Puntuación total del PHQ-2
sched-q-phq-2-positive = detección positiva: continuar con un PHQ-9
sched-q-answer-la6568-5 = Ningún día
sched-q-answer-la6569-3 = Varios días
sched-q-answer-la6570-1 = Más de la mitad de los días
sched-q-answer-la6571-9 = Casi todos los días
sched-q-score = { $score } { $total } de { $max }
sched-q-score-positive = { $score } { $total } de { $max }: { $note }
