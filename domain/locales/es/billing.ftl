# Las palabras de Portico en español: páginas de facturación. Cada mensaje tiene su gemelo en ../en/billing.ftl.
# Los montos de dinero llegan ya formateados por el servidor.

## Compartidas por las páginas de facturación: la tabla de movimientos

billing-date = Fecha
billing-what = Concepto
billing-description = Descripción
billing-amount = Monto
billing-status = Estado

## La cuenta: lo que se debe, pagar con tarjeta, pagos, estados de cuenta, movimientos

billing-title = Facturación
billing-you-owe = Usted debe { $amount }
billing-they-owe = { $name } debe { $amount }
billing-nothing-owed = No se debe nada por ahora (saldo { $amount })
billing-pay-by-card = Pagar con tarjeta
billing-pay-amount = Monto ({ $currency })
billing-card = Tarjeta
billing-card-note = Los datos de su tarjeta van directamente al procesador de tarjetas; Portico nunca los ve.
billing-card-needs-script = Para pagar con tarjeta se necesita JavaScript: los campos propios del procesador de tarjetas reciben la tarjeta.
billing-card-unreachable = No se puede contactar al procesador de tarjetas. Inténtelo de nuevo en un minuto.
billing-card-refused = La tarjeta no fue aceptada.
billing-bank-check-unfinished = La verificación del banco no terminó.
billing-pay-now = Pagar ahora
billing-paying = Pagando…
billing-call-office = Para pagar, llame a la oficina de facturación de la clínica.
billing-visits-title = Lo que debe y por qué
billing-no-bills = Todavía no hay facturas.
billing-payments-title = Pagos
billing-no-payments = Todavía no hay pagos en línea.
billing-refunded = Reembolsado.
billing-refund-amount = Monto a reembolsar
billing-reason = Motivo
billing-refund = Reembolsar
billing-refunding = Reembolsando…
billing-statements-title = Estados de cuenta
billing-no-statements = Todavía no hay estados de cuenta.
billing-post-title = Registrar un movimiento
billing-posted = Registrado.
billing-entry-kind = Tipo
billing-entry-desk-payment = Pago en la recepción (efectivo o cheque)
billing-entry-adjustment = Ajuste (negativo para un crédito)
billing-entry-description = Descripción que ve el paciente
billing-entry-reason = Motivo (necesario para ajustes y cancelaciones de deuda)
billing-post = Registrar
billing-posting = Registrando…
billing-entries-title = Todos los movimientos
billing-entries-caption = Cargos, seguro, pagos y ajustes, los más recientes primero

## La verificación del banco de un pago con tarjeta (la frase termina con su botón)

billing-check-closed = Cuando se cierre la ventana de su banco, el pago aparecerá aquí. Si no aparece,
billing-check-payment = verifique el pago

## Pagar en cuotas

billing-plan-title = Pagar en cuotas
billing-plan-started = El plan ha comenzado.
billing-plan-ended = El plan ha terminado.
billing-plan-missed = Una cuota pasó su fecha de vencimiento. Páguela, o llame a la oficina de facturación.
billing-instalments = Cuotas
billing-instalment-number = N.º
billing-due = Vence
billing-plan-end = Terminar el plan
billing-plan-ending = Terminando…
billing-plan-hint = Reparta lo que se debe ahora en pagos mensuales. Pague cada mes aquí o en la recepción.
billing-plan-months = Pagos mensuales
billing-plan-start = Comenzar el plan
billing-plan-starting = Comenzando…

## La tarjeta del seguro ($side es el nombre del lado, "frente de la tarjeta")

billing-insurance-title = Tarjeta del seguro
billing-insurance-hint = Una foto de cada lado permite a la oficina de facturación leer sus números de afiliado y de grupo. JPEG o PNG; se eliminan los datos ocultos de la foto (cámara, lugar, hora).
billing-insurance-removed = Eliminada.
billing-insurance-picture = { $side } (tarjeta del seguro)
billing-insurance-replace = Reemplazar la foto ({ $side })
billing-insurance-add = Agregar una foto ({ $side })
billing-insurance-save = Guardar la foto
billing-insurance-remove = Eliminar
billing-insurance-removing = Eliminando…
billing-insurance-none = Todavía no hay foto.

## El estado de cuenta de un mes

statement-title = Estado de cuenta
statement-back = ← Facturación
statement-for = Estado de cuenta de { $month }
statement-opening = Lo que se debía al comienzo del mes
statement-closing = Lo que se debe al final del mes
statement-entries = Los movimientos de este mes

## El día de la oficina de facturación

office-title = Pagos
office-heading = Pagos del { $day }
office-day = Día
office-collected = Cobrado en línea: { $amount }
office-save-csv = Guardar como CSV
office-no-payments = No hubo pagos en línea ese día.
office-payments-caption = Pagos hechos en línea ese día
office-time = Hora
office-patient = Paciente
office-plans-behind = Planes de pago atrasados
office-aging-title = Lo que se debe, por antigüedad
office-aging-caption = Pacientes que deben, primero las deudas más antiguas
office-owes = Debe
office-days-first = 0–30 días
office-days-second = 31–60
office-days-third = 61–90
office-days-over = Más de 90
office-all-patients = Todos los pacientes

## La parte de una cita en la cuenta, en una frase ($description es el servicio de la cita tal como se importó)
# Los montos llegan ya formateados por el servidor; $date es el día de la cita.

bill-visit = { $description }, { $date }: facturado { $billed }, usted debe { $owed }
bill-visit-insured = { $description }, { $date }: facturado { $billed }, pagado por el seguro { $insurance }, usted debe { $owed }
bill-visit-adjusted = { $description }, { $date }: facturado { $billed }, ajuste de { $adjusted }, usted debe { $owed }
bill-visit-insured-adjusted = { $description }, { $date }: facturado { $billed }, pagado por el seguro { $insurance }, ajuste de { $adjusted }, usted debe { $owed }

## Las respuestas del procesador de tarjetas: sus palabras habituales tienen un mensaje cada una
## (el inglés es el texto del procesador, palabra por palabra); otras se muestran como las dio ($message).

bill-card-declined = Su tarjeta fue rechazada.
bill-card-expired = Su tarjeta está vencida.
bill-card-security-code = El código de seguridad de su tarjeta es incorrecto.
bill-card-number = El número de su tarjeta es incorrecto.
bill-card-funds = Su tarjeta no tiene fondos suficientes.
bill-card-processing-error = Ocurrió un error al procesar su tarjeta. Inténtelo de nuevo en un momento.
bill-card-authentication = Su banco no confirmó el pago. Inténtelo de nuevo o use otra tarjeta.
bill-card-authentication-brief = Su banco no confirmó el pago.
bill-processor-said = El procesador de tarjetas no aceptó el pago: { $message }
bill-processor-answered = el procesador de tarjetas respondió { $status }

## Rechazos: por qué no se hizo un pago, un movimiento, un reembolso o un plan

bill-post-kind = los reembolsos pasan por el procesador de tarjetas y los pagos del seguro llegan con las reclamaciones; registre un cargo, un pago en la recepción, un ajuste o una cancelación de deuda
bill-negative-amount = solo un ajuste puede ser negativo
bill-entry-description = indique para qué es el movimiento
bill-entry-reason = indique el motivo del ajuste o de la cancelación de deuda
bill-staff-pay = el paciente paga en línea desde su lado; el personal registra los demás pagos como movimientos
bill-no-online-payments = esta clínica no acepta pagos en línea
bill-reload = vuelva a cargar la página e inténtelo de nuevo
bill-card-again = vuelva a ingresar los datos de la tarjeta
bill-nothing-owed = no se debe nada por ahora
bill-pay-at-most = usted debe { $balance }; pague como máximo esa cantidad
bill-payment-not-made = no se pudo hacer el pago; no se cobró nada
bill-intent-mismatch = la operación del procesador no corresponde a este pago
bill-refund-reason = indique el motivo del reembolso
bill-refund-not-paid = solo se puede reembolsar un pago que se completó
bill-refund-at-most = queda como máximo { $amount } de este pago por reembolsar
bill-refund-not-made = el procesador de tarjetas no hizo el reembolso
bill-not-our-payment = no es un pago de esta clínica
bill-no-such-kind = no existe ese tipo de movimiento
bill-no-such-day = ese día no existe
bill-day-written = un día se escribe 2026-12-07
bill-month-written = un mes se escribe 2026-03
bill-card-side = elija el frente o el reverso de la tarjeta
bill-card-not-pdf = la tarjeta se guarda como foto: elija una imagen JPEG o PNG, no un PDF
bill-card-choose = elija una foto de la tarjeta
bill-card-unreadable = no se pudo leer lo que envió ({ $error }); no se guardó nada
bill-card-form-order = el formulario debe indicar el paciente y el lado antes de su archivo
bill-card-too-large = la foto pesa más de { $size }; no se guardó nada
bill-field-too-long = es demasiado largo
bill-plan-choose-months = elija cuántos meses
bill-plan-nothing-owed = no se debe nada por ahora, así que no hay nada que repartir
bill-plan-months = un plan tiene de 2 a { $most } cuotas mensuales
bill-plan-least = cada cuota debe ser de al menos { $least }; elija menos meses
bill-plan-running = ya hay un plan de pago en curso; aparece más abajo
bill-currency-code = una moneda es un código de tres letras, como USD
bill-amount-written = { $decimals ->
        [0] escriba el monto en { $currency } sin decimales, por ejemplo 25
        [one] escriba el monto en { $currency } con un decimal como máximo, por ejemplo 25.0
       *[other] escriba el monto en { $currency } con { $decimals } decimales como máximo, por ejemplo 25.00
    }
bill-amount-too-large = ese monto es mayor que cualquier cuenta
bill-amount-positive = el monto debe ser mayor que cero

## Lo que Portico escribe como descripción de un movimiento ($insurer es el nombre de la aseguradora según el expediente)

bill-line-paid-by = Pagado por { $insurer }
bill-line-insurer-discount = Descuento acordado con { $insurer }
bill-line-adjustment = Ajuste
bill-line-paid-online = Pago en línea, gracias
bill-line-refund = Reembolso de un pago
