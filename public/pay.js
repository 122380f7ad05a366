// Paying by card on the Billing page. The card's details go to the card processor through its own
// script and fields (Stripe.js); this script only hands the pay form the processor's id for the
// card (a payment method), and a fresh key for the attempt, then lets the form submit as usual.
// When the card's bank must confirm the payment (3-D Secure), the page shows an element with the
// payment's client secret: this script lets the processor's own window ask the payer, then sends
// the page's form that asks the server where the payment stands. Portico never sees the card
// number.
(function () {
  "use strict";
  var stripe = null;
  var card = null;
  var busy = false;
  // Payments whose bank check was started from this page (the page may draw the element again).
  var checked = {};

  function form() {
    return document.getElementById("pay-form");
  }

  // The page's words for the errors this script writes (data-* on the form, in the page's
  // language); English if the form is gone.
  function said(name, english) {
    var f = form();
    return (f && f.dataset[name]) || english;
  }

  function showError(text) {
    var box = document.getElementById("card-error");
    if (box) box.textContent = text || "";
  }

  function loadProcessor(f, done) {
    if (window.Stripe) return done();
    var script = document.createElement("script");
    script.src = f.dataset.script;
    script.onload = done;
    script.onerror = function () {
      showError(said("unreachable", "The card processor cannot be reached. Try again in a minute."));
    };
    document.head.appendChild(script);
  }

  // Mounts the processor's card fields into the form (again after the page redraws it), once the
  // page's script has taken the form over: fields added before would not match what it expects.
  function mount() {
    if (!document.body || !document.body.hasAttribute("data-hydrated")) return;
    var f = form();
    var holder = document.getElementById("card-element");
    if (!f || !holder || holder.dataset.mounted) return;
    holder.dataset.mounted = "yes";
    loadProcessor(f, function () {
      if (!stripe) stripe = window.Stripe(f.dataset.key);
      var elements = stripe.elements();
      card = elements.create("card", { hidePostalCode: true });
      card.mount(holder);
    });
  }

  function field(f, name) {
    return f.querySelector('input[name="' + name + '"]');
  }

  function attemptKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // The processor's payment method for the card: a PaymentMethod where the script makes one,
  // else the card of a token (older integrations and stand-ins).
  function paymentMethod() {
    return Promise.resolve(stripe.createPaymentMethod({ type: "card", card: card }))
      .then(function (result) {
        if (result && result.paymentMethod) return result.paymentMethod.id;
        if (result && result.error) throw result.error;
        return stripe.createToken(card).then(function (token) {
          if (token.error) throw token.error;
          return token.token.card.id;
        });
      });
  }

  // Before the form's own handler: fill in the card's id, then submit again.
  document.addEventListener("submit", function (event) {
    var f = event.target;
    if (!f || f.id !== "pay-form") return;
    var method = field(f, "payment_method");
    if (method.value) {
      // Sent now; the next attempt gets a new card id and key.
      setTimeout(function () {
        method.value = "";
        field(f, "attempt").value = "";
      }, 0);
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (busy || !stripe || !card) return;
    busy = true;
    showError("");
    paymentMethod()
      .then(function (id) {
        method.value = id;
        field(f, "attempt").value = attemptKey();
        f.requestSubmit();
      })
      .catch(function (error) {
        showError((error && error.message) || said("refused", "The card was not accepted."));
      })
      .then(function () {
        busy = false;
      });
  }, true);

  // The bank's check: the processor's window, then the page's form asks where the payment stands.
  function authenticate() {
    var ask = document.getElementById("pay-authenticate");
    if (!ask || !stripe || checked[ask.dataset.payment]) return;
    checked[ask.dataset.payment] = true;
    showError("");
    Promise.resolve(stripe.confirmCardPayment(ask.dataset.secret))
      .then(function (result) {
        if (result && result.error && result.error.message) showError(result.error.message);
      })
      .catch(function (error) {
        showError((error && error.message) || said("unfinished", "The bank's check did not finish."));
      })
      .then(function () {
        var f = document.getElementById("pay-check-form");
        if (f) f.requestSubmit();
      });
  }

  function watch() {
    mount();
    authenticate();
  }

  new MutationObserver(watch).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["data-hydrated"],
  });
  watch();
})();
