/* contacts: "select all" checkbox and confirmation prompts, without inline handlers (CSP). */
document.addEventListener("change", function (event) {
  var box = event.target;
  if (box.matches && box.matches("[data-select-all]")) {
    document.querySelectorAll("input[name=" + box.dataset.selectAll + "]").forEach(function (c) { c.checked = box.checked; });
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
});
