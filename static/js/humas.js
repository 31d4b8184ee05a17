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

/* Copy buttons: <button data-copy-target="id-of-a-textarea" data-copied-label="Tersalin">. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    var done = function () {
      var label = button.getAttribute("data-copied-label");
      if (label) { button.setAttribute("data-label", button.textContent); button.textContent = label; }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(source.value).then(done, function () { source.select(); document.execCommand("copy"); done(); });
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });
})();

/* Share box: "copy link" copies the page's address (the button stays hidden without JS, where it
   could not work); the result is announced in the box's live region. */
(function () {
  "use strict";
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(field);
      if (ok) { resolve(); } else { reject(new Error("copy")); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-url]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var status = button.parentNode.querySelector(".share-status");
        copy(button.getAttribute("data-copy-url")).then(function () {
          if (status) { status.textContent = button.getAttribute("data-copied"); }
        }, function () {
          if (status) { status.textContent = button.getAttribute("data-copy-url"); }
        });
      });
    });
  });
})();
