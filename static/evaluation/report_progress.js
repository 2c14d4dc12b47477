// Progress of a report being built: ask the server every 2 seconds where the build is, move the
// bar, and show the page as it is once the report is ready (or failed). Without JavaScript, the
// page's "Refresh" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var bar = document.getElementById("report-progress-bar");
  var percent = document.getElementById("report-progress-percent");
  var step = document.getElementById("report-progress-step");

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 2000); return; }
        bar.value = data.progress;
        bar.textContent = data.progress + " %";
        percent.textContent = data.progress + " %";
        if (step.textContent !== data.step) { step.textContent = data.step; }
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
