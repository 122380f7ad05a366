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
