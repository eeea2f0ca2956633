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

// The customer picker: a match fills the hidden customer id; typing again
// clears it, so the report never names someone the reporter did not choose.
(function () {
  "use strict";
  document.querySelectorAll("[data-customer-picker]").forEach(function (picker) {
    var hidden = picker.querySelector("input[name=customer]");
    var search = picker.querySelector("input[name=customer_search]");
    var matches = picker.querySelector("#customer-matches");
    if (!hidden || !search || !matches) {
      return;
    }
    search.addEventListener("input", function () {
      hidden.value = "";
    });
    search.addEventListener("keydown", function (event) {
      // Enter would send the whole report half-filled.
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    matches.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-customer-id]");
      if (!button) {
        return;
      }
      hidden.value = button.dataset.customerId;
      search.value = button.dataset.customerLabel;
      matches.replaceChildren();
      search.focus();
    });
  });
})();
