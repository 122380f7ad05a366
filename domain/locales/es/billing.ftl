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
