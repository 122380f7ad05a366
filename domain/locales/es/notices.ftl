# Las palabras de Portico en español: recordatorios de citas y el resumen de la bandeja de la
# clínica, por correo (nunca el motivo, el profesional ni el tipo de cita). Cada mensaje tiene su
# gemelo en ../en/notices.ftl.

## Recordatorios de citas

reminder-subject = Recordatorio: una cita en { $clinic } el { $day }
reminder-own = Le recordamos su cita en { $clinic } el { $day } a las { $time }.
reminder-other = Le recordamos la cita de una persona a quien usted ayuda a cuidar en { $clinic } el { $day } a las { $time }.
reminder-details = Para ver los detalles, o para cambiar o cancelar la cita, inicie sesión en Portico: { $link }
reminder-too-late = Si la cita no puede realizarse y ya es tarde para cancelarla en línea, { $call }.
reminder-turn-off = Puede desactivar estos recordatorios en su página de Seguridad.

## El resumen de la bandeja (personal)

digest-subject = { $count ->
    [one] Una conversación espera en su bandeja de Portico
   *[other] { $count } conversaciones esperan en su bandeja de Portico
}
digest-what = { $count ->
    [one] 1 conversación de su bandeja tiene novedades de un paciente que no ha leído.
   *[other] { $count } conversaciones de su bandeja tienen novedades de pacientes que no ha leído.
} Inicie sesión en Portico para leerlas.
digest-turn-off = Puede desactivar este correo en su página de Seguridad.
