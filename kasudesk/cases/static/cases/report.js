// Disable the send buttons once a report is on its way, so a double tap on a
// slow connection sends one request; the server's idempotency key covers the rest.
(function () {
  "use strict";
  document.querySelectorAll("form.report-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        // Disabled buttons are not sent: keep the chosen intent in a hidden field.
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = submitter.name;
        hidden.value = submitter.value;
        form.appendChild(hidden);
      }
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    });
  });
})();
