// A form marked data-busy="message" shows the message and disables its buttons once sent, so a
// slow action (publishing a policy recomputes everyone's points) is neither silent nor sent twice.
// Without JavaScript the form still works; the server refuses a second publication anyway.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("aria-busy", "true");
      var status = form.querySelector("[data-busy-status]");
      if (status) {
        status.textContent = form.getAttribute("data-busy");
        status.hidden = false;
      }
      // Disabled after this event, so the pressed button's name and value are still sent.
      window.setTimeout(function () {
        form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });
})();
