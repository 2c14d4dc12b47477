// Progress of a message to a segment: ask the server every 2 seconds how many recipients are
// sent to, move the bar, and stop once the message is sent. Without JavaScript, the page's
// "Refresh" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("message-progress");
  if (!box || box.dataset.done) { return; }
  var bar = document.getElementById("message-progress-bar");
  var count = document.getElementById("message-progress-count");
  var status = document.getElementById("message-progress-status");

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 2000); return; }
        bar.max = Math.max(data.total, 1);
        bar.value = data.sent;
        bar.textContent = data.sent + " / " + data.total;
        count.textContent = data.text;
        if (status.textContent !== data.label) { status.textContent = data.label; }
        if (data.done) {
          // The notes about waiting no longer hold: show the page as it is now.
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 2000);
})();
