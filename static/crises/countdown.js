// Keeps the server-computed countdowns of the crisis pages ticking. No inline script anywhere:
// every countdown carries its due time in data-countdown (ISO 8601) and, in data-fmt-*, the
// page-language formats the server used ("%(d)s h %(h)s j" in Indonesian, "%(d)s d %(h)s h" in English).
(function () {
  "use strict";
  function fill(format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }
  function span(el, seconds) {
    seconds = Math.floor(Math.abs(seconds));
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600),
        m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (d) return fill(el.dataset.fmtDays, {d: d, h: h});
    if (h) return fill(el.dataset.fmtHours, {h: h, m: m});
    return fill(el.dataset.fmtMinutes, {m: m, s: (s < 10 ? "0" : "") + s});
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-countdown"));
      if (isNaN(due)) return;
      var seconds = (due - now) / 1000, overdue = seconds <= 0;
      var value = el.querySelector(".countdown-value");
      if (value) value.textContent = fill(overdue ? el.dataset.fmtLate : el.dataset.fmtLeft, {span: span(el, seconds)});
      el.classList.toggle("is-overdue", overdue);
      var row = el.closest("[data-overdue-row]");
      if (row) row.classList.toggle("is-overdue", overdue || row.dataset.overdueRow === "always");
    });
  }
  tick();
  setInterval(tick, 1000);
})();
