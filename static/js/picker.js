// Search-as-you-type journalist picker (contacts/widgets.py). No library: fetch the ten best
// matches as the user types (debounced), arrow keys and Enter choose, Escape closes.
(function () {
  function setup(box) {
    var input = box.querySelector("[data-picker-input]");
    var hidden = box.querySelector("[data-picker-value]");
    var list = box.querySelector(".picker-options");
    var timer = null, active = -1, items = [];
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function choose(item) {
      hidden.value = item.id; input.value = item.label; close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function draw() {
      list.innerHTML = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = input.id + "-opt-" + i;
        li.textContent = item.label + " · " + item.email + (item.do_not_contact ? " ⛔" : "");
        if (i === active) { li.setAttribute("aria-selected", "true"); input.setAttribute("aria-activedescendant", li.id); }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { items = []; draw(); return; }
      timer = setTimeout(function () {
        fetch(box.dataset.url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { if (input.value.trim() === q) { items = data.results; active = -1; draw(); } });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); draw(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); draw(); e.preventDefault(); }
      else if (e.key === "Enter" && active >= 0) { choose(items[active]); e.preventDefault(); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  document.querySelectorAll("[data-journalist-picker]").forEach(setup);
})();
