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
