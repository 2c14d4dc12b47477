// Every page: after a failed submit, move the focus to the form's error summary so that a
// keyboard or screen-reader user hears what to correct; a link of the summary then puts the
// focus in its field (following "#id" alone only scrolls, it does not focus the field).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    // Show the field's label above it, not just the input at the top edge of the window.
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
