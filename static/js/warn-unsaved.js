/* A form marked <form data-warn-unsaved> warns before the page is left with changes in it that
   were not saved (beforeunload). "Changed" means the person typed or picked something (an input
   or change event inside the form) and the form's values now differ from the last saved ones:
   an editor that rewrites its own markup on start-up does not count as a change.
   Submitting the form, or following a link marked data-discard-unsaved, leaves without a warning.
   Other scripts (the release autosave) tell it what was saved: window.humasUnsaved.markSaved(form). */
(function () {
  "use strict";
  function serialize(form, withoutFiles) {
    var parts = [];
    new FormData(form).forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken") { return; }
      if (typeof value === "string") { parts.push(key + "=" + value); }
      else if (!withoutFiles && value && value.name) { parts.push(key + "=file:" + value.name + ":" + value.size); }
    });
    return parts.join("&");
  }
  var api = {
    serialize: serialize,
    markSaved: function (form, snapshot) {
      form.humasSaved = snapshot === undefined ? serialize(form) : snapshot;
      form.humasTouched = serialize(form) !== form.humasSaved;
    },
    isDirty: function (form) {
      return Boolean(form.humasTouched) && serialize(form) !== form.humasSaved;
    },
    leaving: false
  };
  window.humasUnsaved = api;
  document.addEventListener("DOMContentLoaded", function () {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
    if (!forms.length) { return; }
    forms.forEach(function (form) {
      form.humasSaved = serialize(form);
      // A form shown again with input that was refused (a validation error, an edit conflict)
      // holds unsaved work from the start.
      form.humasTouched = form.hasAttribute("data-unsaved");
      if (form.humasTouched) { form.humasSaved = null; }
      var touch = function () { form.humasTouched = true; };
      form.addEventListener("input", touch);
      form.addEventListener("change", touch);
      form.addEventListener("submit", function () { api.leaving = true; });
    });
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("[data-discard-unsaved]")) { api.leaving = true; }
    });
    window.addEventListener("beforeunload", function (event) {
      if (api.leaving) { return undefined; }
      for (var i = 0; i < forms.length; i++) {
        if (api.isDirty(forms[i])) {
          event.preventDefault();
          event.returnValue = "";
          return "";
        }
      }
      return undefined;
    });
  });
})();
