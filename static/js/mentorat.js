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

// A wide table scrolls inside its own box (.table-responsive), never the page (WCAG 1.4.10).
// A box that does scroll becomes a named stop of the keyboard, so that the arrow keys reach
// its hidden columns (WCAG 2.1.1); one that fits stays out of the tab order.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".table-responsive");
  if (!boxes.length) { return; }
  function mark() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        // A region is announced by its name: the table's caption, when it has one.
        if (caption && caption.textContent.trim()) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
