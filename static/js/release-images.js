/* The release edit form's images (no inline script: CSP).
   - Several photos at once: each chosen file gets a row with its preview and the alt text,
     caption and credit inputs the server reads as photos_new-<i>-alt|caption|credit.
   - Captions and alt text of saved photos are saved in place when they change (POST to the
     row's data-inline-url; the service checks the permission and audits).
   - An image inserted in the body opens CKEditor's "text alternative" form at once. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function field(label, name, required) {
    var wrap = document.createElement("div");
    var id = "id_" + name;
    var l = document.createElement("label");
    l.setAttribute("for", id);
    l.textContent = label;
    var input = document.createElement("input");
    input.type = "text";
    input.name = name;
    input.id = id;
    input.maxLength = name.endsWith("-credit") ? 150 : (name.endsWith("-alt") ? 250 : 300);
    if (required) { input.required = true; input.setAttribute("aria-required", "true"); }
    wrap.appendChild(l);
    wrap.appendChild(input);
    return wrap;
  }

  function newPhotoRows(input) {
    var rows = input.parentNode.querySelector("[data-photos-new-rows]");
    if (!rows) { return; }
    rows.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, i) {
      var row = document.createElement("div");
      row.className = "photo-new-row";
      row.setAttribute("data-testid", "photo-new-row");
      var img = document.createElement("img");
      img.alt = "";
      var reader = new FileReader();  // a data: URL (CSP allows data: images, not blob:)
      reader.onload = function () { img.src = reader.result; };
      reader.readAsDataURL(file);
      var preview = document.createElement("div");
      preview.appendChild(img);
      var name = document.createElement("span");
      name.className = "muted";
      name.textContent = file.name;
      preview.appendChild(name);
      row.appendChild(preview);
      row.appendChild(field(rows.getAttribute("data-label-alt"), "photos_new-" + i + "-alt", true));
      row.appendChild(field(rows.getAttribute("data-label-caption"), "photos_new-" + i + "-caption", false));
      row.appendChild(field(rows.getAttribute("data-label-credit"), "photos_new-" + i + "-credit", false));
      rows.appendChild(row);
    });
  }

  function saveInline(row) {
    var url = row.getAttribute("data-inline-url");
    var status = row.querySelector("[data-inline-status]");
    var body = new FormData();
    ["alt", "caption", "credit"].forEach(function (name) {
      var input = row.querySelector("input[name$='-" + name + "']");
      if (input) { body.append(name, input.value); }
    });
    fetch(url, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!status) { return; }
      status.classList.toggle("is-error", !result.ok);
      status.textContent = result.data.message || "";
    }).catch(function () {
      var fieldset = row.closest("[data-inline-error]");
      if (status) { status.classList.add("is-error"); status.textContent = fieldset ? fieldset.getAttribute("data-inline-error") : ""; }
    });
  }

  function watchEditorImages() {
    if (typeof window.ckeditorRegisterCallback !== "function") { return; }
    document.querySelectorAll("textarea.django_ckeditor_5").forEach(function (textarea) {
      window.ckeditorRegisterCallback(textarea.id, function (editor) {
        if (!editor.plugins.has("ImageUploadEditing") || !editor.plugins.has("ImageTextAlternativeUI")) { return; }
        editor.plugins.get("ImageUploadEditing").on("uploadComplete", function (evt, payload) {
          // After the upload settles, select the image and open the alt text form.
          window.setTimeout(function () {
            editor.model.change(function (writer) { writer.setSelection(payload.imageElement, "on"); });
            var ui = editor.plugins.get("ImageTextAlternativeUI");
            if (typeof ui._showForm === "function") { ui._showForm(); }
          }, 50);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[name=photos_new]").forEach(function (input) {
      input.addEventListener("change", function () { newPhotoRows(input); });
    });
    document.querySelectorAll("[data-inline-url]").forEach(function (row) {
      row.querySelectorAll("input[name$='-alt'], input[name$='-caption'], input[name$='-credit']").forEach(function (input) {
        input.addEventListener("change", function () { saveInline(row); });
      });
    });
  });
  // The CKEditor bundle creates its editors on DOMContentLoaded; a deferred script runs before
  // that, so the callback is registered in time.
  watchEditorImages();
})();
