# Las palabras de Portico en español: el marco y las páginas que comparten las áreas. Cada mensaje
# tiene su gemelo en ../en/main.ftl (una prueba exige los mismos identificadores). El contenido
# clínico de los registros nunca está aquí: se muestra tal como se importó.

## El marco de cada página

skip-to-main = Saltar al contenido principal
brand = Portico
nav-label = Principal
nav-menu = Menú
nav-home = Inicio
nav-contact = Contactar con la clínica
nav-my-record = Mi historial
nav-schedule = Agenda
nav-patients = Pacientes
nav-payments = Pagos
nav-invitations = Invitaciones
nav-import = Importar
nav-audit = Registro de auditoría
nav-security = Seguridad
nav-inbox = Bandeja de entrada
nav-inbox-waiting = { $count } en espera
nav-sign-in = Iniciar sesión
nav-enroll = Configurar su cuenta
nav-sign-out = Cerrar sesión
nav-signed-in-as = { $name } ({ $role })
noscript-notice = Puede leer su historial, buscar y usar la mayoría de los formularios sin JavaScript. Las llaves de acceso (iniciar sesión, confirmar cambios delicados) y guardar archivos lo necesitan.
footer-text = Portal del paciente Portico. En una emergencia, llame al número de emergencias local.
language-label = Idioma
language-change = Cambiar el idioma a { $language }

## Iniciar sesión

sign-in-title = Iniciar sesión
sign-in-timed-out = Se cerró su sesión tras un tiempo sin actividad. Inicie sesión de nuevo para continuar.
sign-in-signed-out = Ha cerrado la sesión.
sign-in-first-time = ¿Primera vez? Configure su cuenta con su código de activación
sign-in-lost-passkey = ¿Perdió su llave de acceso? Use un código de recuperación
sign-in-passkey-label = Su llave de acceso
sign-in-passkey-placeholder = Elija su llave de acceso
sign-in-passkey-help = Su navegador puede ofrecerle aquí su llave de acceso. O use el botón: la desbloqueará con su huella, su rostro o el bloqueo de pantalla.
sign-in-button = Iniciar sesión con una llave de acceso
passkey-unsupported = Este navegador no puede usar llaves de acceso. Use una versión actual de Chrome, Edge, Firefox o Safari, o su teléfono.

## La página de inicio

home-welcome = Bienvenido a { $clinic }
home-welcome-fallback = su portal del paciente
home-lead = Consulte su historial de salud, reserve citas, escriba a su equipo de atención y pague sus facturas, todo en un lugar seguro. Sin contraseñas: inicie sesión con una llave de acceso en su teléfono o computadora.
home-hello = Hola, { $name }
home-signed-in-as = Ha iniciado sesión como { $role }.
home-link-schedule = La agenda de hoy
home-link-patients = Buscar un paciente
home-link-billing = Los pagos de hoy y lo que se debe por antigüedad
home-link-invitations = Invitar a pacientes y personal
home-link-import = Importar historiales (FHIR)
home-link-audit = Buscar en el registro de auditoría
home-link-clinic-settings = Ajustes de la agenda: horarios, tipos de cita, recordatorios
home-link-security = Llaves de acceso, sesiones y códigos de recuperación
home-first-time-title = ¿Es su primera vez aquí?
home-first-time-text = Pida a la clínica un código de activación. Lo necesitará, junto con su fecha de nacimiento, para configurar su cuenta.
home-set-up = Configurar su cuenta
home-reach-clinic = Cómo contactar con la clínica
home-records-title = Historiales
home-no-records = Todavía no hay historiales que mostrar. Si alguien le invitó a ayudarle, escriba su código abajo.
home-accept-label = Aceptar una invitación para ayudar a alguien
home-accept-button = Aceptar la invitación
home-accept-busy = Comprobando el código…
home-accept-done = Ahora puede ayudar a { $name } con su atención.
loading = Cargando…

## ¿Está este dispositivo listo para las llaves de acceso?

passkey-check-title = ¿Está listo este dispositivo?
passkey-check-text = Portico usa llaves de acceso en lugar de contraseñas. Compruebe que este navegador y este dispositivo pueden usar una.
passkey-check-button = Comprobar este dispositivo
passkey-check-checking = Comprobando…
passkey-check-ready = Este navegador admite llaves de acceso, y este dispositivo puede guardar una, que se desbloquea con su huella, su rostro o el bloqueo de pantalla.
passkey-check-external = Este navegador admite llaves de acceso. Este dispositivo no puede guardarlas, así que usará su teléfono o una llave de seguridad.
passkey-check-unsupported = Este navegador no admite llaves de acceso. Use una versión actual de Chrome, Edge, Firefox o Safari.

## Contacto, páginas que no existen, sin conexión

contact-title = Contactar con la clínica
not-found-title = Página no encontrada
not-found-text = No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace tenga un error.
not-found-home = Ir a la página de inicio
contact-loading = Cargando los datos de la clínica…
contact-none = La clínica todavía no ha publicado aquí sus datos de contacto.
contact-phone = Teléfono
contact-email = Correo electrónico
contact-help = Para obtener un código de activación o ayuda para iniciar sesión, llame o acuda a la recepción.

## Los papeles de las personas

role-patient = Paciente
role-caregiver = Cuidador
role-clinician = Profesional clínico
role-front_desk = Recepción
role-billing = Facturación
role-admin = Administrador

## La página sin conexión (la guarda el service worker; no trata de nadie)

offline-title = No tiene conexión
offline-records = Sus historiales, mensajes y citas necesitan conexión: Portico no guarda ninguno en este dispositivo.
offline-the-clinic = la clínica
offline-call-phone = Para comunicarse ahora con { $clinic }, llame al { $phone }. En una emergencia, llame al 911.
offline-call = Para comunicarse ahora con { $clinic }, llame a la clínica. En una emergencia, llame al 911.
offline-again = Intentar de nuevo

## El historial de un paciente: su encabezado y sus partes

record-nav-summary = Resumen
record-nav-appointments = Citas
record-nav-messages = Mensajes
record-nav-renewals = Renovaciones
record-nav-billing = Facturación
record-nav-about = Datos personales
record-nav-sharing = Compartir
record-nav-access-log = Registro de accesos
record-acting-self = Su propio historial
record-acting-guardian = Está actuando en nombre de { $name } como madre, padre o tutor
record-acting-caregiver = Está actuando en nombre de { $name } como cuidador
record-acting-staff = Está viendo este historial como personal de la clínica ({ $role })
record-hidden-note = Algunas partes del historial de un adolescente son confidenciales entre él y la clínica y no se muestran aquí.
section-problems = Problemas de salud
section-medications = Medicamentos
section-allergies = Alergias
section-immunizations = Vacunas
section-results = Resultados de pruebas
section-vitals = Signos vitales
section-visits = Visitas
section-procedures = Procedimientos
section-documents = Documentos
section-insurance = Seguro
flag-high = Alto
flag-low = Bajo
flag-critical-high = Críticamente alto
flag-critical-low = Críticamente bajo
flag-abnormal = Anormal

## El resumen de salud

summary-title = Resumen de salud
summary-record = Historial de salud
summary-loading = Cargando el historial…
summary-printed = { $name } · impreso desde Portico, { $date }
summary-problems = Problemas activos
summary-no-problems = No hay problemas activos registrados.
summary-medications = Medicamentos actuales
summary-no-medications = No hay medicamentos actuales registrados.
summary-allergies = Alergias
summary-no-allergies = No hay alergias conocidas registradas.
summary-upcoming = Próximamente
summary-nothing-planned = No hay nada previsto.
summary-latest = Últimos resultados
summary-no-results = Todavía no hay resultados.
summary-everything = Todo lo que contiene el historial
summary-print = Imprimir el resumen
summary-download = Descargar mi historial (FHIR)
summary-saved = Se guardó { $file }.
summary-back = Volver a la página de inicio
results-test = Prueba
results-result = Resultado
results-range = Intervalo de referencia
results-date = Fecha
results-table = Tabla: { $caption }
banner-label = De quién es este historial
banner-parts = Partes del historial
banner-switch = Cambiar de persona

## Listas y partes del historial

pager-newer = Más recientes
pager-older = Más antiguos
pager-page = Página { $page }
list-showing-of = { $first }–{ $last } de { $total }
list-showing = { $first }–{ $last }
filter-from = Desde
filter-to = Hasta
filter-show = Mostrar
section-empty = Todavía no hay nada en { $section }.
section-over-time = A lo largo del tiempo
section-ask-renewal = Pedir una reposición o renovación →
section-showing = Mostrando { $range }, los más recientes primero
section-pages = Páginas de esta lista
entry-request-renewal = Pedir una renovación
entry-results = Resultados
entry-results-caption = Resultados de este informe
entry-trend = Tendencia
entry-related = De esta visita
entry-files = Archivos
entry-download = Descargar { $title } ({ $size })

## Citas

appointments-title = Citas
appointments-loading = Cargando las citas…
appointments-zone = Las horas son las de la clínica ({ $zone }).
appointments-book = Reservar una cita
appointments-upcoming = Próximas
appointments-none-upcoming = No tiene citas próximas.
appointments-confirmed = Gracias: la clínica sabe que vendrá.
appointments-requests = Solicitudes
appointments-requested = { $visit } (solicitada)
appointments-request-hint = La clínica reservará una hora y se lo hará saber.
appointments-past = Pasadas y canceladas
appointments-none-past = Ninguna todavía.
appointments-imported = De sus historiales
appointments-imported-hint = Citas que llegaron con historiales de otros sistemas de la clínica. Para cambiar una, llame a la clínica.
appointments-with = Con { $names }
appointments-confirm-please = La clínica le reservó esta cita. Confirme que puede venir.
appointments-confirm = Confirmo que iré
appointments-confirming = Confirmando…
appointments-check-in = Registrarse en línea
appointments-checked-in = Registrado en línea.
appointments-details = Detalles, calendario, cambiar o cancelar
visit-no-time = Todavía sin hora
visit-minutes = { $minutes } minutos
visit-when = Cuándo
visit-type = Cita
visit-with = Con
visit-where = Dónde
visit-phone = Teléfono { $phone }
visit-map = Mapa: { $link }
visit-bring = Qué traer

## Mensajes

messages-title = Mensajes
messages-loading = Cargando los mensajes…
messages-conversations = Conversaciones
messages-none = Todavía no hay mensajes.
messages-write = Escribir a la clínica
messages-emergency = En una emergencia, llame al 911 o al número de emergencias local; no use los mensajes.
messages-about = ¿De qué se trata?
messages-subject = Asunto
messages-body = Mensaje
messages-send = Enviar
messages-sending = Enviando…
messages-sent = Enviado. La clínica le responderá aquí; está al principio de sus conversaciones.
messages-taken-by = Lo atiende { $name }
messages-read = Leído por el equipo de atención
messages-new = Nuevo:

## Correos electrónicos (nunca información de salud: qué pasó, cuándo y a quién llamar)

email-hello = Hola:
email-when = El { $date } UTC, { $what }.
email-signature = — Portico, el portal del paciente de { $clinic }
email-call-phone = llame a { $clinic } al { $phone }
email-contact = comuníquese con { $clinic }
notice-next = Si fue usted, no tiene que hacer nada. Si no fue usted, { $call } de inmediato.
notice-new-sign-in-subject = Un nuevo inicio de sesión en su cuenta de Portico
notice-new-sign-in-what = alguien inició sesión en su cuenta desde un dispositivo o navegador que no había usado antes ({ $device })
notice-new-sign-in-next = Si fue usted, no tiene que hacer nada. Si no fue usted, inicie sesión, cierre esa sesión y quite cualquier llave de acceso que no reconozca en su página de Seguridad, y { $call }.
notice-passkey-added-subject = Se agregó una llave de acceso a su cuenta de Portico
notice-passkey-added-what = se agregó una nueva llave de acceso a su cuenta
notice-passkey-removed-subject = Se quitó una llave de acceso de su cuenta de Portico
notice-passkey-removed-what = se quitó una llave de acceso de su cuenta
notice-recovery-code-used-subject = Se usó un código de recuperación en su cuenta de Portico
notice-recovery-code-used-what = se usó un código de recuperación para registrar una nueva llave de acceso, y se cerraron todas las demás sesiones
notice-recovery-codes-regenerated-subject = Nuevos códigos de recuperación para su cuenta de Portico
notice-recovery-codes-regenerated-what = se crearon nuevos códigos de recuperación para su cuenta; los anteriores ya no sirven
notice-reenrolled-subject = Su cuenta de Portico tiene una nueva llave de acceso
notice-reenrolled-what = se registró una nueva llave de acceso con un código de activación de la clínica, y se cerraron todas las demás sesiones
notice-clinic-recovery-subject = La clínica emitió un código para recuperar su cuenta de Portico
notice-clinic-recovery-what = la clínica emitió un código de un solo uso que puede configurar una nueva llave de acceso en su cuenta, para cuando se pierden todas las llaves y todos los códigos de recuperación; usarlo cierra todas las demás sesiones
notice-clinic-recovery-next = Si usted lo pidió a la clínica, no tiene que hacer nada. Si no lo pidió, { $call } de inmediato, o inicie sesión en Portico y cancélelo en su página de Seguridad.
notice-guardian-ended-subject = Su historial de salud en Portico ahora es suyo
notice-guardian-ended-what = terminó el acceso que su madre, padre o tutor tenía a su historial de salud en Portico, porque usted ya es mayor de edad
notice-guardian-ended-next = Para usar Portico usted mismo, { $call } y pida su código de activación.
news-message-subject = Tiene un mensaje nuevo en Portico
news-message-what = Tiene un mensaje nuevo en Portico. Para leerlo, inicie sesión en Portico.
news-renewal-answer-subject = Hay una respuesta a su solicitud en Portico
news-renewal-answer-what = La clínica respondió a una solicitud hecha en Portico. Para leerla, inicie sesión en Portico.
news-turn-off = Puede desactivar estos correos en su página de Seguridad.
receipt-subject = Recibimos su pago
receipt-received = Recibimos su pago de { $amount }. Gracias.
receipt-where = Su recibo y su saldo están en la página de Facturación de Portico.

## Shared components
# Saving a file, the error page, a result's trend chart.

download-failed = No se pudo crear el archivo.
download-not-ready = Para descargar archivos, la página debe terminar de cargarse.
download-damaged = El archivo llegó dañado; inténtelo de nuevo.
error-page-title = No pudimos mostrar esta página
error-page-failed = Algo salió mal al cargar esta página.
error-page-try-again = Inténtelo de nuevo. Si sigue ocurriendo, comuníquese con la clínica y mencione esta referencia.
error-page-reference = Referencia:
signed-in-needed-title = Inicie sesión
signed-in-needed-text = Debe iniciar sesión para ver esta página.
idle-title = ¿Sigue ahí?
idle-text = { $seconds ->
        [one] Para proteger su privacidad, su sesión se cerrará en { $seconds } segundo.
       *[other] Para proteger su privacidad, su sesión se cerrará en { $seconds } segundos.
    }
idle-stay = Seguir con la sesión iniciada
error-not-found = No se encontró ese elemento.
error-page-not-found = No se encontró esa página.
error-signed-out = Su sesión terminó. Vuelva a iniciar sesión.
error-forbidden = No tiene acceso a eso.
error-step-up = Confirme que es usted con su llave de acceso para continuar.
error-conflict = Ese cambio choca con otro. Vuelva a cargar la página e inténtelo de nuevo.
error-unavailable = Portico no está disponible por un momento. Inténtelo de nuevo en un minuto.
error-internal = Algo salió mal de nuestro lado. Inténtelo de nuevo.
error-unreadable = No se pudo leer la solicitud. Inténtelo de nuevo.
error-unreachable = No se pudo conectar con Portico. Revise su conexión e inténtelo de nuevo.
trend-no-values = Todavía no hay valores para graficar.
trend-title = { $test } a lo largo del tiempo ({ $unit })
trend-values = { $count ->
        [one] { $count } valor
       *[other] { $count } valores
    } del { $first } al { $last }
trend-latest = el más reciente es { $value } { $unit }
trend-band = la franja sombreada es el intervalo de referencia { $low }–{ $high }
trend-caption = Valores de { $test }
trend-value = Valor
trend-range = Intervalo
trend-flag = Indicador
trend-normal = Normal

## Refusals before a page or function is reached
refused-cross-site = Se rechazó esta solicitud porque no vino de este sitio.
refused-not-a-form = Envíe los archivos como formulario (multipart/form-data).
refused-unreadable-body = No se pudo leer el contenido de la solicitud.
refused-too-large = La solicitud es más grande de lo que este servidor acepta.
refused-rate-limited-title = Espere un minuto
refused-rate-limited = Demasiados intentos desde su red. Espere un minuto e inténtelo de nuevo.
refused-file-forbidden = No puede abrir este archivo.
refused-no-such-file = Ese archivo no existe.
refused-file-failed = No se pudo abrir el archivo.
