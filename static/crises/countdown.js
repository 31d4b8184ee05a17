// Keeps the server-computed countdowns of the crisis pages ticking. No inline script anywhere:
// every countdown carries its due time in data-countdown (ISO 8601) and its words in data-*.
(function () {
  "use strict";
  function span(seconds) {
    seconds = Math.floor(Math.abs(seconds));
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600),
        m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (d) return d + " h " + h + " j";
    if (h) return h + " j " + m + " m";
    return m + " m " + (s < 10 ? "0" : "") + s + " d";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-countdown"));
      if (isNaN(due)) return;
      var seconds = (due - now) / 1000, overdue = seconds <= 0;
      var value = el.querySelector(".countdown-value");
      if (value) value.textContent = (overdue ? el.dataset.late : el.dataset.left) + " " + span(seconds);
      el.classList.toggle("is-overdue", overdue);
      var row = el.closest("[data-overdue-row]");
      if (row) row.classList.toggle("is-overdue", overdue || row.dataset.overdueRow === "always");
    });
  }
  tick();
  setInterval(tick, 1000);
})();
