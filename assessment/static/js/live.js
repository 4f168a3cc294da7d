// Progressive enhancement: refresh the facilitator's live view every few seconds, keeping the scroll
// position; without JavaScript the "Refresh" link does the same.
(function () {
  "use strict";
  var section = document.getElementById("live");
  if (!section || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(section.getAttribute("data-refresh"), 10) || 15;
  window.setInterval(function () {
    if (document.hidden) { return; }
    fetch(window.location.href, {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
      if (fresh) { section.innerHTML = fresh.innerHTML; }
    });
  }, seconds * 1000);
})();
