/* Site-wide behaviour that markup may not carry inline under the Content-Security-Policy.
   Bars: <span data-percent="42"> gets its width through the CSSOM (allowed by CSP, unlike a
   style="" attribute in markup), also after htmx swaps new content in. */
(function () {
  "use strict";
  function setBars(root) {
    (root || document).querySelectorAll("[data-percent]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-percent")) || 0));
      bar.style.width = value + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setBars(document); });
  document.addEventListener("htmx:load", function (event) { setBars(event.target); });
})();
