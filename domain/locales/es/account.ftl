# Las palabras de Portico en español: páginas de la cuenta (seguridad, configuración, recuperación). Cada mensaje tiene su gemelo en ../en/account.ftl.

## La página de Seguridad

security-title = Seguridad
security-emails-title = Correos electrónicos
security-emails-hint = Los correos sobre la seguridad de su cuenta se envían siempre. Nunca contienen información de salud.
security-email-on = Activados
security-email-off = Desactivados
security-email-turn-off = Desactivar
security-email-turn-on = Activar
security-passkey-added = Se agregó la llave de acceso.
security-passkey-removed = Se quitó la llave de acceso.
security-codes-created = Se crearon nuevos códigos de recuperación. Los anteriores ya no sirven.
security-new-passkey-default = Mi otro dispositivo
security-loading = Cargando sus ajustes de seguridad…
security-recovery-cancelled = Cancelado: ese código ya no sirve.
security-passkeys-title = Llaves de acceso
security-new-passkey-name = Nombre de la nueva llave de acceso
security-add-passkey = Agregar una llave de acceso
security-sessions-title = Dónde tiene la sesión iniciada
security-sessions-ended = Sesiones cerradas en otros dispositivos: { $count }.
security-sign-out-others = Cerrar sesión en todos los demás lugares
security-new-devices-title = Inicios de sesión desde dispositivos nuevos
security-new-devices-text = Cada vez que alguien inició sesión en su cuenta desde un dispositivo o navegador que no había usado antes. También le enviamos un correo por cada uno. Si alguno no fue usted, cierre la sesión en todos los demás lugares, quite cualquier llave de acceso que no reconozca y llame a la clínica.
security-new-device-seen = la primera vez el { $first }, la última el { $last }
security-codes-title = Códigos de recuperación
security-codes-left = Le quedan { $count } códigos de recuperación sin usar.
security-create-codes = Crear nuevos códigos de recuperación
security-passkey-added-on = Agregada el { $date }
security-passkey-last-used = usada por última vez el { $date }
security-rename-label = Cambiar el nombre de { $name }
security-rename = Cambiar el nombre
security-remove-label = Quitar { $name }
security-remove-only-one = Agregue otra llave de acceso antes de quitar esta
security-remove = Quitar
security-passkey-name = Nombre de la llave de acceso
security-save = Guardar
security-session-times = Sesión iniciada el { $started } · última actividad el { $last }
security-this-device = Este dispositivo
security-sign-out = Cerrar sesión
security-clinic-title = Códigos de la clínica para recuperar la cuenta
security-clinic-text = La clínica emitió un código que puede configurar una nueva llave de acceso en su cuenta, para cuando se pierden todas las llaves y todos los códigos de recuperación. Usarlo cierra sus demás sesiones. Si usted no lo pidió, cancélelo y llame a la clínica.
security-clinic-approved = aprobado, se puede usar
security-clinic-waiting = a la espera de una segunda aprobación
security-clinic-issued = Emitido el { $date } por { $by } ({ $state }); válido hasta el { $expires }.
security-clinic-cancel = Yo no lo pedí: cancelarlo

## La confirmación con llave de acceso antes de un cambio delicado

step-up-title = Confirme que es usted
step-up-text = Por su seguridad, use de nuevo su llave de acceso antes de hacer este cambio.
step-up-confirm = Confirmar con la llave de acceso
step-up-cancel = Cancelar

## Códigos de recuperación, que se muestran una sola vez

recovery-codes-title = Sus códigos de recuperación
recovery-codes-text = Si pierde su llave de acceso, uno de estos códigos y su fecha de nacimiento le permiten configurar una nueva. Cada código sirve una sola vez. Imprímalos o guárdelos ahora en un lugar seguro: no se volverán a mostrar.
recovery-codes-list = Códigos de recuperación
recovery-codes-print = Imprimir los códigos
recovery-codes-download = Descargar los códigos
recovery-codes-file-name = portico-codigos-de-recuperacion.txt
recovery-codes-file-title = Códigos de recuperación de Portico
recovery-codes-file-text = Cada código sirve una sola vez. Con su fecha de nacimiento, un código le permite configurar una nueva llave de acceso si pierde la suya.
recovery-codes-file-keep = Guárdelos en un lugar seguro, lejos de sus dispositivos.

## Configurar una cuenta

enroll-title = Configurar su cuenta
enroll-intro = Escriba el código de activación que le dieron y, si usted es el paciente, su fecha de nacimiento.
enroll-code = Código de activación
enroll-birth-date = Fecha de nacimiento
enroll-birth-date-help = Déjelo vacío si es cuidador o miembro del personal de la clínica: basta con su código.
enroll-continue = Continuar
enroll-passkey-title = Cree su llave de acceso
enroll-passkey-text = Hola, { $name }. Su llave de acceso reemplaza a la contraseña: su dispositivo la guarda y usted la desbloquea con su huella, su rostro o el bloqueo de pantalla.
enroll-create-passkey = Crear la llave de acceso
enroll-done-title = Todo listo, { $name }
enroll-done-text = Su llave de acceso está lista. La próxima vez, inicie sesión con ella: no necesita contraseña.
enroll-continue-to-portico = Continuar a Portico

## Usar un código de recuperación

recover-title = Usar un código de recuperación
recover-intro = ¿Perdió su llave de acceso? Escriba uno de sus códigos de recuperación y su fecha de nacimiento para configurar una nueva.
recover-code = Código de recuperación
recover-birth-date = Fecha de nacimiento
recover-continue = Continuar
recover-no-codes = ¿No tiene códigos de recuperación? Llame a la clínica: pueden darle un nuevo código de activación.
recover-accepted = Código aceptado. Ahora cree una nueva llave de acceso en este dispositivo.
recover-create-passkey = Crear una nueva llave de acceso
recover-done = Su nueva llave de acceso está lista. Por su seguridad, se cerraron todas las demás sesiones.
recover-continue-to-portico = Continuar a Portico

## Un código que la clínica acaba de emitir (se muestra una sola vez al personal, o a quien invita a un cuidador)

issued-code-invitation-title = Código de invitación para { $name }
issued-code-activation-title = Código de activación para { $name }
issued-code-open = La persona abre
issued-code-caregiver-then = (o «Configurar su cuenta») y lo escribe; no necesita fecha de nacimiento.
issued-code-caregiver-existing = Si ya usa Portico, inicia sesión y lo escribe en «Aceptar una invitación» en su página de inicio.
issued-code-patient-then = (o la página «Configurar su cuenta» del portal) y lo escribe junto con su fecha de nacimiento.
issued-code-recovery-lead = Este paciente ya tiene una cuenta: este es un código para recuperar la cuenta.
issued-code-recovery-text = Solo sirve después de que otro miembro del personal lo apruebe en Invitaciones. Usarlo agrega una llave de acceso a la cuenta y cierra las demás sesiones del paciente; ya se le avisó al paciente.
issued-code-code-label = Código de activación
issued-code-valid = Válido hasta el { $date }. Sirve una sola vez. Entréguelo a la persona en privado; no se volverá a mostrar.
issued-code-print = Imprimir

## Rechazos
# Lo que dice el servidor cuando rechaza un inicio de sesión, una inscripción, una recuperación, una llave de acceso, los datos de una cuenta o una invitación.

acct-role-choose = elija una de estas funciones: clinician (Profesional clínico), front-desk (Recepción), billing (Facturación) o admin (Administrador)
acct-name-empty = escriba un nombre
acct-name-too-long = use como máximo 100 letras, sin saltos de línea
acct-birth-date-format = escriba la fecha de nacimiento como año-mes-día
acct-birth-date-range = escriba una fecha de nacimiento entre 1900 y hoy
acct-email-invalid = escriba una dirección de correo electrónico como nombre@ejemplo.org
acct-code-refused = Ese código y esa fecha de nacimiento no coinciden con ninguna invitación vigente. Revise ambos y vuelva a intentarlo en un minuto, o pida a la clínica un código nuevo.
acct-sign-in-refused = No se pudo iniciar sesión con esa llave de acceso. Vuelva a intentarlo o use un código de recuperación.
acct-code-awaiting-approval = Este código está a la espera de que un segundo miembro del personal de la clínica lo apruebe. Vuelva a intentarlo cuando la clínica le avise de que está listo.
acct-code-issuer-browser = Un código emitido por la clínica no se puede usar desde un navegador con la sesión iniciada como personal de la clínica. El paciente configura su llave de acceso en su propio dispositivo.
acct-recovery-role-choose = elija admin o front-desk: las funciones que emiten códigos de activación
acct-recovery-second-approver = Un segundo miembro del personal debe aprobar un código de recuperación que usted emitió.
acct-recovery-code-inactive = Ese código ya no está vigente. Emita uno nuevo si el paciente todavía lo necesita.
acct-recovery-code-approved = Ese código ya está aprobado.
acct-recovery-code-changed = Ese código cambió mientras tanto. Recargue la lista.
acct-enrol-stale = La inscripción tardó demasiado o ya había terminado. Vuelva a escribir su código.
acct-recovery-stale = La recuperación tardó demasiado o ya había terminado. Vuelva a escribir su código.
acct-recovery-codes-patients-only = los códigos de recuperación son para los pacientes; si pierde sus llaves de acceso, la clínica o la persona que lo invitó le emite un código nuevo
acct-passkey-unreadable = No se pudo leer la respuesta de la llave de acceso. Vuelva a intentarlo.
acct-passkey-prompt-stale = La solicitud de la llave de acceso venció o ya se usó. Vuelva a empezar.
acct-passkey-name = dé a la llave de acceso un nombre de 1 a 64 caracteres
acct-passkey-not-registered = No se pudo registrar esa llave de acceso. Vuelva a intentarlo.
acct-passkey-only-one = Esta es su única llave de acceso. Agregue otra antes de quitarla.
acct-passkey-duplicate = Esa llave de acceso ya está registrada en una cuenta. Use otra.
acct-invitation-refused = Ese código no coincide con ninguna invitación abierta. Revíselo y vuelva a intentarlo en un minuto, o pida una invitación nueva.
acct-invitation-staff = las cuentas del personal no pueden actuar como cuidadores; configure una cuenta personal con este código
acct-invitation-own-record = esta invitación es para alguien que le ayudará con su propio historial
acct-notice-kind-invalid = no es un correo electrónico que usted pueda desactivar

## La ventana de la llave de acceso del navegador
# Por qué la ventana de la llave de acceso del navegador no dio ninguna llave (se dice en el navegador: las islas llevan estas palabras).

acct-passkey-prompt-closed = Se cerró la ventana de la llave de acceso o se agotó el tiempo. Vuelva a intentarlo cuando esté listo.
acct-passkey-already-on-device = Este dispositivo ya tiene una llave de acceso para esta cuenta.
acct-passkey-prompt-cancelled = Se canceló la ventana de la llave de acceso.
acct-passkey-wrong-address = Las llaves de acceso solo funcionan en la dirección propia de este portal.
acct-passkey-failed = No se pudo usar la llave de acceso. Vuelva a intentarlo.

## A browser as the Security page and the access log name it
acct-device = { $browser } en { $system }
acct-device-a-browser = Un navegador
acct-device-unknown-system = un sistema desconocido
acct-device-cli = Línea de comandos de Portico
