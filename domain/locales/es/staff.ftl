# Las palabras de Portico en español: páginas de la clínica (la agenda, la bandeja de entrada, buscar
# un paciente, invitaciones, importar historiales, el registro de auditoría, los ajustes de la
# agenda). Cada mensaje tiene su gemelo en ../en/staff.ftl. Los nombres de eventos de auditoría y los
# tipos de recursos FHIR son códigos: no están aquí.

## The schedule (front desk and clinicians)

schedule-book-for-patient = Reservar para un paciente: búsquelo por su nombre
schedule-settings-link = Ajustes de la agenda: horarios, tipos de cita, ausencias, recordatorios
schedule-loading = Cargando la agenda…
schedule-day = Día
schedule-one-day = Un día
schedule-week = Una semana
schedule-everyone = Todos
schedule-location = Sede
schedule-all = Todas
schedule-other-days = Otros días
schedule-earlier = Anteriores
schedule-later = Siguientes
schedule-none = No hay citas reservadas.
schedule-visits = Citas
schedule-visit = Tipo de cita
schedule-with-where = Con quién, dónde
schedule-status = Estado
schedule-actions = Acciones
schedule-not-confirmed = sin confirmar
schedule-arrived = Marcar llegada
schedule-saving = Guardando…
schedule-checked-in = registró su llegada en línea
schedule-marked-arrived = Llegada registrada.

## The inbox

inbox-open-and-waiting = Abiertas y en espera
inbox-last-message = Último mensaje
inbox-any-time = En cualquier momento
inbox-age-day = Hace 1 día o más
inbox-age-days = Hace 3 días o más
inbox-age-week = Hace una semana o más
inbox-mine = Solo las que tomé yo
inbox-loading = Cargando la bandeja de entrada…
inbox-unread = { $count } sin leer
inbox-empty = No hay nada aquí.
inbox-renewals-title = Solicitudes de renovación
inbox-renewals-loading = Cargando las solicitudes…
inbox-renewals-waiting = { $count } en espera, las más antiguas primero

## Finding a patient

patients-name = Nombre
patients-search = Buscar
patients-searching = Buscando…
patients-none = Ningún paciente coincide con ese nombre.
patients-found = Pacientes encontrados
patients-birth-date = Fecha de nacimiento
patients-account = Cuenta
patients-open = Abrir
patients-born = { $date } ({ $age } años)
patients-account-set-up = Configurada
patients-account-not-yet = Todavía no
patients-recovery-label = Código de recuperación de la cuenta de { $name }
patients-recovery = Código de recuperación
patients-activation-label = Código de activación para { $name }
patients-issue-code = Emitir código
patients-section-of = { $section } de { $name }

## Invitations

invitations-approved = Aprobado: el paciente ya puede usar el código.
invitations-patient-title = Invitar a un paciente
invitations-given-name = Nombre
invitations-family-name = Apellidos
invitations-birth-date = Fecha de nacimiento
invitations-patient-email = Correo electrónico (opcional, para avisos de seguridad)
invitations-create-activation = Crear código de activación
invitations-recent = Invitaciones recientes
invitations-none = Todavía no hay invitaciones.
invitations-name = Nombre
invitations-role = Función
invitations-state = Estado
invitations-expires = Vence
invitations-actions = Acciones
invitations-new-code-label = Nuevo código para { $name }
invitations-new-code = Nuevo código
invitations-approve-label = Aprobar el código de recuperación de la cuenta de { $name }
invitations-approve = Aprobar
invitations-staff-title = Invitar a un miembro del personal
invitations-staff-email = Correo electrónico (opcional)
invitations-create-enrolment = Crear código de inscripción

## Importing records (FHIR)
# Counted words come in two messages (one, several): an island fills them in the browser, where
# Fluent's plural choice is not available.

import-title = Importar historiales
import-intro = Cargue historiales FHIR R4 en las fichas de los pacientes: Bundles (batch, transaction, collection, searchset o document), recursos sueltos o archivos NDJSON de Bulk Data (un recurso por línea). Elija juntos todos los archivos de una exportación: se importan como uno solo y, si algún archivo tiene un problema, no se cambia nada. Importar de nuevo los mismos datos los actualiza.
import-files = Archivos FHIR (.json, .ndjson)
import-source = Sistema de origen (opcional)
import-source-hint = Indique el sistema del que vienen los archivos (p. ej., hospital-a) cuando no sea el de la clínica: sus recursos se guardan aparte, así dos sistemas que usan los mismos identificadores nunca se sobrescriben. Use el mismo nombre cuando vuelva a importar de él.
import-importing = Importando…
import-import = Importar
import-failed = No se importó nada. { $reason }
import-progress = { $stored } de { $total } recursos guardados
import-leave = Puede salir de esta página: la importación continúa, y la lista de importaciones recientes de aquí muestra cómo terminó.
import-imported-one = Se importó { $count } recurso
import-imported = Se importaron { $count } recursos
import-counts = { $created } nuevos, { $updated } actualizados. Pacientes: { $patients_created } creados, { $patients_updated } actualizados.
import-skipped = Omitidos (tipos que Portico no guarda): { $types }
import-also = Además: { $notes }.
import-running = En curso: { $stored } de { $total } guardados
import-interrupted = Detenida por un reinicio del servidor; no se guardó nada
import-failed-row = Falló, no se guardó nada: { $reason }
import-recent = Importaciones recientes
import-running-note = Hay una importación en curso.
import-reload = Recargue
import-reload-after = para ver cuánto ha avanzado.
import-started = Inicio
import-by = Por
import-source-column = Origen
import-outcome = Resultado
import-own-source = el de la clínica

## The audit log

audit-exported = Se exportaron { $count } eventos a { $file }.
audit-person = Persona
audit-action = Acción
audit-outcome = Resultado
audit-any = Cualquiera
audit-success = Éxito
audit-failure = Error
audit-denied = Denegado
audit-search = Buscar
audit-export = Exportar CSV
audit-searching = Buscando…
audit-alerts-title = Alertas de seguridad (últimos 7 días)
audit-alert-when = { $when } (evento n.º { $seq })
audit-events = Eventos de auditoría
audit-when = Cuándo (hora de la clínica)
audit-who = Quién
audit-address = Dirección
audit-request = Solicitud
audit-pages = Páginas del registro de auditoría

## The clinic's schedule settings (administrators)

clinic-settings-title = Ajustes de la agenda
clinic-settings-back = Volver a la agenda
clinic-settings-loading = Cargando los ajustes…
clinic-settings-general-saved = Se guardaron la zona horaria y los recordatorios.
clinic-settings-weekly-added = Se agregó el horario semanal; sus horas están abiertas para reservar.
clinic-settings-weekly-ended = Se terminó el horario semanal; sus horas libres posteriores se retiraron.
clinic-settings-weekly-changed = Se cambió el horario semanal a partir del día elegido; las citas reservadas se mantienen.
clinic-settings-general-title = Zona horaria y recordatorios
clinic-settings-time-zone = La zona horaria de la clínica (nombre IANA, como America/Denver)
clinic-settings-reminder-hours = Los recordatorios se envían estas horas antes de una cita (separadas por comas, cuatro como máximo)
clinic-settings-save = Guardar
clinic-settings-saving = Guardando…
clinic-settings-saved = Guardado.
clinic-settings-types-title = Tipos de cita
clinic-settings-type-saved = Se guardó el tipo de cita.
clinic-settings-type-rules = { $minutes } minutos · en línea: { $booking } · { $lead } min de antelación · { $horizon } días por delante · cancelación hasta { $cutoff } h antes
clinic-settings-change = Cambiar { $name }
clinic-settings-add-type = Agregar un tipo de cita
clinic-settings-hours-title = Horario semanal
clinic-settings-hours-in-force = Horarios semanales vigentes
clinic-settings-dates = Fechas
clinic-settings-change-or-end = Cambiar o terminar
clinic-settings-last-day-of = Último día de { $clinician }, { $when }
clinic-settings-end = Terminar
clinic-settings-ending = Terminando…
clinic-settings-add-hours = Agregar un horario semanal
clinic-settings-weekday = Día de la semana
clinic-settings-monday = Lunes
clinic-settings-tuesday = Martes
clinic-settings-wednesday = Miércoles
clinic-settings-thursday = Jueves
clinic-settings-friday = Viernes
clinic-settings-saturday = Sábado
clinic-settings-sunday = Domingo
clinic-settings-until = Hasta
clinic-settings-slot = Minutos por turno
clinic-settings-types-offered = Tipos de cita que se ofrecen (identificadores separados por comas: { $ids })
clinic-settings-first-day = Primer día (vacío: hoy)
clinic-settings-add-these-hours = Agregar este horario
clinic-settings-adding = Agregando…
clinic-settings-hours-added = Se agregó el horario; sus horas están abiertas para reservar.
clinic-settings-hours-ended = Se terminó el horario.
clinic-settings-hours-changed = Se cambió el horario a partir del día elegido; las citas reservadas se mantienen.
clinic-settings-time-off-title = Ausencias
clinic-settings-time-off-hint = Las horas libres dentro de una ausencia ya no se ofrecen. Las citas ya reservadas siguen en la agenda para que la recepción las cambie.
clinic-settings-every-location = Todas las sedes
clinic-settings-day = Día
clinic-settings-note = Nota para el personal (opcional)
clinic-settings-add-time-off = Agregar una ausencia
clinic-settings-time-off-added = Se agregó la ausencia.
clinic-settings-extra-title = Horas adicionales
clinic-settings-extra-hint = Horas puntuales en un solo día, además de las semanales; sus horas están abiertas para reservar de inmediato.
clinic-settings-add-extra = Agregar horas adicionales
clinic-settings-extra-added = Se agregaron las horas adicionales; sus horas están abiertas para reservar.
clinic-settings-type-id = Identificador corto (minúsculas, dígitos, guiones)
clinic-settings-type-name = Nombre que ven los pacientes
clinic-settings-minutes = Minutos
clinic-settings-booking = Quién puede reservarla en línea
clinic-settings-booking-anyone = Cualquier paciente
clinic-settings-booking-established = Pacientes atendidos recientemente (abajo)
clinic-settings-booking-staff = Nadie en línea: los pacientes la piden y la recepción la reserva
clinic-settings-established-months = "Atendido recientemente" significa dentro de esta cantidad de meses
clinic-settings-lead = Reservar con al menos estos minutos de antelación
clinic-settings-horizon = Reservar con a lo sumo estos días de antelación
clinic-settings-cutoff = Los pacientes pueden cancelarla o cambiarla hasta estas horas antes
clinic-settings-instructions = Qué traer (opcional)
clinic-settings-questionnaires = Cuestionarios al registrar la llegada en línea (separados por comas: general, phq-2; vacío para ninguno)
clinic-settings-add-the-type = Agregar el tipo de cita
clinic-settings-change-hours = Cambiar { $clinician }, { $when }
clinic-settings-change-from = Desde (mañana como muy pronto)
clinic-settings-new-types = Tipos de cita del nuevo horario (identificadores separados por comas)
clinic-settings-change-these = Cambiar este horario
clinic-settings-changing = Cambiando…

## Refusals
# Lo que dice el servidor cuando rechaza un acceso concedido, las reglas de la clínica para menores, un alcance, una búsqueda de pacientes o de auditoría, o un ajuste de la clínica.

perm-relationship-invalid = diga en pocas palabras quién es para el paciente, por ejemplo «Hija»
perm-expires-format = escriba el último día como año-mes-día
perm-expires-past = el último día de acceso no puede estar en el pasado
perm-guardian-adult = la clínica registra a madres, padres o tutores solo para pacientes menores de edad; los adultos invitan ellos mismos a sus cuidadores
perm-patient-search-short = escriba al menos dos letras del nombre del paciente
perm-patient-search-many = { $count } pacientes tienen nombres que empiezan así; escriba más del nombre (nombre y apellido)
perm-audit-outcome-choose = elija Éxito, Error o Denegado
perm-audit-dates-reversed = la fecha final es anterior a la fecha inicial
perm-audit-who-many = { $count } pacientes tienen nombres que empiezan así; escriba más del nombre
perm-date-format = escriba la fecha como año-mes-día
perm-rules-adult-at = la mayoría de edad debe estar entre 1 y 21 años
perm-rules-guardian-full = no debe ser posterior a la mayoría de edad
perm-rules-guardian-manage = las madres, padres o tutores nunca administran el acceso
perm-rules-category-invalid = «{ $category }»: use letras minúsculas, dígitos y guiones
perm-rules-years = escriba un número entero de años
perm-scope-unknown = «{ $scope }» no es ninguno de estos: { $names }
perm-scope-manage = los cuidadores no pueden decidir quién más tiene acceso
perm-scope-none = elija al menos una parte del historial para compartir
perm-clinic-name-empty = el nombre de la clínica no puede estar vacío
perm-clinic-name-long = el nombre de la clínica tiene más de 120 caracteres
perm-clinic-name-control = el nombre de la clínica contiene caracteres de control
perm-clinic-phone = escriba un número de teléfono de 7 a 15 dígitos, por ejemplo +1 (555) 010-2000
perm-clinic-email = escriba una dirección de correo electrónico como recepcion@ejemplo.org
perm-clinic-nothing = no hay nada que cambiar

## Sizes
# El tamaño de un archivo de menos de un kilobyte (los mayores se escriben en KB y MB, igual en todos los idiomas).

perm-size-bytes = { $count } bytes

## Security alerts
# Las alertas en la parte superior de la página de auditoría ($subject es una persona con su función, o una dirección).

alert-account-failures = Muchos intentos fallidos (inicios de sesión, códigos o pagos) de { $subject } en poco tiempo
alert-address-failures = Muchos intentos fallidos desde la dirección { $subject } en poco tiempo
alert-many-patients = { $subject } abrió los historiales de una cantidad inusual de pacientes en una hora
alert-subject-id = { $id }
