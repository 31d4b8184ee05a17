/* Autosave of a draft release: every ~20 seconds, when the form changed since the last save, it
   is posted (without its files: photos and attachments wait for "Simpan draf") to the form's
   data-autosave-url. The server saves through the same service and version check as the save
   button and answers the new version, which goes into the form's hidden "version" field so the
   next save is based on it. A refused autosave (someone else saved meanwhile) is reported and
   autosave stops: nothing of theirs is overwritten, and "Simpan draf" then shows what changed. */
(function () {
  "use strict";
  var INTERVAL = 20000;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave-url]");
    var unsaved = window.humasUnsaved;
    if (!form || !unsaved || !window.fetch) { return; }
    var status = document.querySelector("[data-autosave-status]");
    var versionInput = form.querySelector("input[name=version]");
    var busy = false;
    var stopped = false;
    var lastSent = unsaved.serialize(form, true);

    function show(text, kind) {
      if (!status) { return; }
      status.textContent = text;
      status.setAttribute("data-state", kind);
    }

    function save() {
      if (busy || stopped || unsaved.leaving) { return Promise.resolve(null); }
      var snapshot = unsaved.serialize(form, true);
      if (!form.humasTouched || snapshot === lastSent) { return Promise.resolve(null); }
      var data = new FormData(form);
      Array.from(data.keys()).forEach(function (key) {
        if (data.getAll(key).some(function (v) { return typeof v !== "string"; })) { data.delete(key); }
      });
      busy = true;
      show(form.getAttribute("data-autosave-saving") || "…", "saving");
      return fetch(form.getAttribute("data-autosave-url"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      }).then(function (result) {
        busy = false;
        if (result.body.ok) {
          if (versionInput) { versionInput.value = result.body.version; }
          if (result.body.edit_url) {
            // The first autosave of a new release made it a draft: from now on this page is that
            // draft's edit form (saving it again must not make a second release).
            form.setAttribute("action", result.body.edit_url);
            form.setAttribute("data-autosave-url", result.body.autosave_url);
            if (window.history && window.history.replaceState) { window.history.replaceState(null, "", result.body.edit_url); }
          }
          lastSent = unsaved.serialize(form, true);
          if (lastSent === snapshot) { unsaved.markSaved(form, unsaved.serialize(form)); }
          show(result.body.message, "saved");
        } else {
          if (result.body.conflict) { stopped = true; }
          show(result.body.message, result.body.conflict ? "conflict" : "error");
        }
        return result.body;
      }).catch(function () {
        busy = false;
        show(form.getAttribute("data-autosave-offline") || "!", "error");
        return null;
      });
    }

    var interval = parseInt(form.getAttribute("data-autosave-interval"), 10) || INTERVAL;
    window.setInterval(save, interval);
    window.humasAutosave = { now: save };
  });
})();
