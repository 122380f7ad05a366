# Portico's words in English: renewals pages. Every message has its twin in ../es/renewals.ftl.

## A request in a list (the patient's page and earlier requests on the clinician's)

renewal-sent-to-one = Sent to { $pharmacy } with { $refills } refill.
renewal-sent-to-other = Sent to { $pharmacy } with { $refills } refills.
renewal-asked-by = asked { $date } by { $name }

## The patient's renewals page

renewal-title = Prescription renewals
renewal-none = No requests yet.
renewal-current = Current prescriptions
renewal-urgent = For an urgent need, call the clinic or your pharmacy.
renewal-no-medicines = No current prescriptions in the record.
renewal-request-of = Request a renewal of { $medication }

## Asking for a renewal

renewal-back = ← Prescription renewals
renewal-request-title = Request a renewal: { $medication }
renewal-sent = Sent. The care team will answer on your renewals page.
renewal-your-request = Your request
renewal-run-out = If you will run out before then, call the clinic or ask your pharmacy for an emergency supply.
renewal-pharmacy = Pharmacy
renewal-new-pharmacy = A new pharmacy
renewal-pharmacy-name = New pharmacy's name
renewal-pharmacy-address = Its address (optional)
renewal-pharmacy-phone = Its phone (optional)
renewal-note = Note for the care team (optional)
renewal-send = Send the request

## A clinician's decision on a request

renewal-request = Renewal request
renewal-back-inbox = ← Inbox
renewal-the-request = The request
renewal-asked = Asked
renewal-asked-when = { $date } by { $name }
renewal-note-label = Note
renewal-decided = Decided
renewal-refills-granted = Refills granted
renewal-said = Said to the patient
renewal-as-prescribed = As prescribed
renewal-no-prescription = The prescription is no longer in the record.
renewal-last-visit = Last visit
renewal-no-visit = None in the record
renewal-results = Newest results
renewal-value = Value
renewal-range = Range
renewal-earlier = Earlier requests for it
renewal-decided-done = Decided. The patient's side is told there is an answer.
renewal-decide = Decide
renewal-decision = Decision
renewal-approve = Approve
renewal-deny = Do not approve
renewal-visit = Needs a visit first
renewal-refills = Refills (when approving; at most { $max })
renewal-reason = Words for the patient (needed when not approving)
renewal-send-decision = Send the decision

## Why a prescription cannot be asked for online (shown on the patient's pages)

renew-not-this-clinic = This medicine was not prescribed by this clinic. Please ask the prescriber who gave it to you.
renew-on-hold = This prescription is on hold. Please send the care team a message about it.
renew-not-active = This prescription is no longer active. If you still need it, book a visit.
renew-not-online = The clinic does not renew this medicine online. Please call the clinic or book a visit.
renew-ended-long-ago = This prescription ended on { $date }, more than { $days } days ago. Please book a visit to ask for a new prescription.
renew-already-asked = You asked on { $date }; the care team has not answered yet.

## Refusals
# Why a request, a decision or the clinic's renewal rules were refused.

renew-one-line = keep it to one line under { $max } characters
renew-name-pharmacy = name the pharmacy
renew-staff-cannot-ask = the clinic decides requests the patient's side makes
renew-choose-pharmacy = choose one of your pharmacies
renew-too-many-pharmacies = you have { $max } pharmacies saved; choose one of them
renew-already-waiting = a request for this medicine is already waiting
renew-no-refills-allowed = the law allows no refills of this medicine
renew-at-most-refills = at most { $max } refills for this medicine
renew-say-why = say why, in words the patient understands
renew-refills-number = the number of refills, 0 or more
renew-decision-choose = approve, deny or visit
renew-rules-not-pair = "{ $part }" is not name=value
renew-rules-code = "{ $code }" is not a medication code
renew-rules-window = window-days is a number of days, 0 to 730
renew-rules-unknown = "{ $name }" is not one of window-days, schedule-ii, schedule-iii-iv, not-online
