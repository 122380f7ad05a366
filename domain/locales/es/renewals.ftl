# Las palabras de Portico en español: páginas de renovaciones. Cada mensaje tiene su gemelo en ../en/renewals.ftl.

## Una solicitud en una lista (la página del paciente y las solicitudes anteriores en la del profesional)

renewal-sent-to-one = Enviada a { $pharmacy } con { $refills } reposición.
renewal-sent-to-other = Enviada a { $pharmacy } con { $refills } reposiciones.
renewal-asked-by = solicitada el { $date } por { $name }

## La página de renovaciones del paciente

renewal-title = Renovaciones de recetas
renewal-none = Todavía no hay solicitudes.
renewal-current = Recetas actuales
renewal-urgent = Si lo necesita con urgencia, llame a la clínica o a su farmacia.
renewal-no-medicines = No hay recetas actuales en el historial.
renewal-request-of = Pedir una renovación de { $medication }

## Pedir una renovación

renewal-back = ← Renovaciones de recetas
renewal-request-title = Pedir una renovación: { $medication }
renewal-sent = Enviada. El equipo de atención le responderá en su página de renovaciones.
renewal-your-request = Su solicitud
renewal-run-out = Si se le va a acabar antes, llame a la clínica o pida a su farmacia un suministro de emergencia.
renewal-pharmacy = Farmacia
renewal-new-pharmacy = Una farmacia nueva
renewal-pharmacy-name = Nombre de la farmacia nueva
renewal-pharmacy-address = Su dirección (opcional)
renewal-pharmacy-phone = Su teléfono (opcional)
renewal-note = Nota para el equipo de atención (opcional)
renewal-send = Enviar la solicitud

## La decisión de un profesional clínico sobre una solicitud

renewal-request = Solicitud de renovación
renewal-back-inbox = ← Bandeja de entrada
renewal-the-request = La solicitud
renewal-asked = Solicitada
renewal-asked-when = { $date } por { $name }
renewal-note-label = Nota
renewal-decided = Decidida
renewal-refills-granted = Reposiciones concedidas
renewal-said = Lo que se dijo al paciente
renewal-as-prescribed = Según la receta
renewal-no-prescription = La receta ya no está en el historial.
renewal-last-visit = Última visita
renewal-no-visit = Ninguna en el historial
renewal-results = Resultados más recientes
renewal-value = Valor
renewal-range = Intervalo
renewal-earlier = Solicitudes anteriores de este medicamento
renewal-decided-done = Decidida. Se avisa al paciente de que hay una respuesta.
renewal-decide = Decidir
renewal-decision = Decisión
renewal-approve = Aprobar
renewal-deny = No aprobar
renewal-visit = Necesita una visita antes
renewal-refills = Reposiciones (al aprobar; como máximo { $max })
renewal-reason = Palabras para el paciente (necesarias si no se aprueba)
renewal-send-decision = Enviar la decisión

## Por qué no se puede pedir una receta en línea (se muestra en las páginas del paciente)

renew-not-this-clinic = Esta clínica no recetó este medicamento. Pídaselo al profesional que se lo recetó.
renew-on-hold = Esta receta está en pausa. Envíe un mensaje al equipo de atención sobre ella.
renew-not-active = Esta receta ya no está activa. Si todavía la necesita, pida una cita.
renew-not-online = La clínica no renueva este medicamento en línea. Llame a la clínica o pida una cita.
renew-ended-long-ago = Esta receta terminó el { $date }, hace más de { $days } días. Pida una cita para solicitar una receta nueva.
renew-already-asked = Usted la pidió el { $date }; el equipo de atención todavía no ha respondido.

## Rechazos
# Por qué se rechazó una solicitud, una decisión o las reglas de renovación de la clínica.

renew-one-line = escríbalo en una sola línea de menos de { $max } caracteres
renew-name-pharmacy = indique el nombre de la farmacia
renew-staff-cannot-ask = la clínica decide las solicitudes que hace el paciente o quien actúa en su nombre
renew-choose-pharmacy = elija una de sus farmacias
renew-too-many-pharmacies = tiene { $max } farmacias guardadas; elija una de ellas
renew-already-waiting = ya hay una solicitud pendiente para este medicamento
renew-no-refills-allowed = la ley no permite reposiciones de este medicamento
renew-at-most-refills = como máximo { $max } reposiciones para este medicamento
renew-say-why = explique el motivo con palabras que el paciente entienda
renew-refills-number = el número de reposiciones, 0 o más
renew-decision-choose = aprobar, no aprobar o pedir una visita
renew-rules-not-pair = "{ $part }" no tiene la forma nombre=valor
renew-rules-code = "{ $code }" no es un código de medicamento
renew-rules-window = window-days es un número de días, de 0 a 730
renew-rules-unknown = "{ $name }" no es ninguno de window-days, schedule-ii, schedule-iii-iv, not-online
