// Matching run progress: ask the server every 2 seconds, move the bar, and open the result
// (the proposal, or the reasons of a failure) once the run is over. Without JavaScript, the
// page's "Refresh" link does the same (the bar then shows its figure only).
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) { return; }
  var bar = box.querySelector("[role=progressbar]");
  var fill = bar.querySelector(".progress-bar");
  var status = document.getElementById("run-progress-status");
  // The width comes from here, not from a style attribute (the Content-Security-Policy allows
  // no inline style).
  fill.style.width = bar.getAttribute("aria-valuenow") + "%";

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 2000); return; }
        bar.setAttribute("aria-valuenow", String(data.progress));
        fill.style.width = data.progress + "%";
        fill.textContent = data.progress + " %";
        if (status.textContent !== data.label) { status.textContent = data.label; }
        if (data.next) { window.location.assign(data.next); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
