/* thainews: enhancements only; every page works without JavaScript.
 * - the search box becomes a combobox (WAI-ARIA 1.2 pattern) with suggestions
 *   from /api/suggest grouped as people, positions and headline words
 * - a visible pending state while a search loads
 * - the phone's filter button opens the filters in place
 * - copy-citation buttons, next/previous match on an article, "/" focuses the box
 * Everything is built with text nodes (never innerHTML). */
(function () {
  "use strict";
  var box = document.getElementById("q");
  var form = document.getElementById("search-form");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // "/" focuses the search box (unless typing somewhere already)
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || !box) return;
    var t = event.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // keep the cursor at the end of the query when the page opens focused on it
  if (box && document.activeElement === box && box.value) {
    var end = box.value.length;
    try { box.setSelectionRange(end, end); } catch (e) { /* type=search in old browsers */ }
  }

  // ---- pending state: the form says it is searching until the next page arrives
  if (form) {
    var note = form.querySelector(".pending-note");
    form.addEventListener("submit", function () {
      form.classList.add("pending");
      form.setAttribute("aria-busy", "true");
      if (note) note.textContent = note.getAttribute("data-pending");
    });
    window.addEventListener("pageshow", function () { // back/forward cache
      form.classList.remove("pending");
      form.removeAttribute("aria-busy");
      if (note) note.textContent = "";
    });
  }

  // ---- combobox
  if (box && box.getAttribute("data-suggest")) {
    var listId = "q-listbox";
    var list = el("div", { id: listId, role: "listbox", "class": "listbox", hidden: "",
                            "aria-label": box.getAttribute("data-label-list") });
    var status = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
    box.parentNode.appendChild(list);
    box.parentNode.appendChild(status);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", listId);
    var options = [];
    var active = -1;
    var timer = null;
    var serial = 0;
    var typed = box.value;

    var close = function () {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      box.removeAttribute("autocomplete"); // the browser's own history again
      active = -1;
    };
    var select = function (i) {
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i < 0) { box.removeAttribute("aria-activedescendant"); box.value = typed; return; }
      box.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
      box.value = options[i].getAttribute("data-value");
    };
    var choose = function (i) {
      box.value = options[i].getAttribute("data-value");
      close();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    };
    var render = function (data) {
      list.textContent = "";
      options = [];
      var groups = (data && data.groups) || {};
      ["people", "positions", "headlines"].forEach(function (name) {
        var items = groups[name] || [];
        if (!items.length) return;
        var labelId = listId + "-" + name;
        var group = el("div", { role: "group", "aria-labelledby": labelId });
        group.appendChild(el("div", { id: labelId, "class": "group-label", role: "presentation" },
                             box.getAttribute("data-label-" + name)));
        items.forEach(function (text) {
          var i = options.length;
          var opt = el("div", { id: listId + "-" + i, role: "option", "aria-selected": "false", "data-value": text }, text);
          opt.addEventListener("mousedown", function (e) { e.preventDefault(); });
          opt.addEventListener("click", function () { choose(i); });
          options.push(opt);
          group.appendChild(opt);
        });
        list.appendChild(group);
      });
      active = -1;
      if (!options.length) { close(); status.textContent = ""; return; }
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      box.setAttribute("autocomplete", "off"); // ours is open: not the browser's over it
      status.textContent = box.getAttribute("data-label-count").replace("{n}", options.length);
    };
    var fetchSuggestions = function () {
      var q = box.value.trim();
      typed = box.value;
      if (!q) { close(); return; }
      var mine = ++serial;
      fetch(box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (mine === serial && document.activeElement === box) render(data); })
        .catch(function () { /* suggestions are a help, not the search */ });
    };
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 120);
    });
    box.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { fetchSuggestions(); return; }
        select(active + 1 < options.length ? active + 1 : -1);
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        select(active <= -1 ? options.length - 1 : active - 1);
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); box.value = typed; close(); }
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); } else close();
      }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
    form.addEventListener("submit", function () { clearTimeout(timer); serial++; close(); });
  }

  // ---- phone: the filter button opens the filters in place
  var toggle = document.querySelector(".filter-toggle");
  var filters = document.getElementById("filters");
  if (toggle && filters) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !filters.classList.contains("open");
      filters.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) filters.focus();
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  }

  // ---- filter links that act as checkboxes toggle with Space too
  Array.prototype.forEach.call(document.querySelectorAll("a[role=checkbox]"), function (a) {
    a.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); a.click(); }
    });
  });

  // ---- copy: citation buttons and the code boxes on /embed
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }
  function fallback(text) {
    var area = el("textarea", { "class": "visually-hidden", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-cite]"), function (button) {
    button.hidden = false;
    var shown = button.querySelector(".cite-label") || button;
    var label = shown.textContent;
    var said = el("span", { "class": "visually-hidden", role: "status" });
    button.insertAdjacentElement("afterend", said);
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-cite"), function () {
        shown.textContent = button.getAttribute("data-done");
        said.textContent = button.getAttribute("data-done");
        setTimeout(function () { shown.textContent = label; said.textContent = ""; }, 2000);
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-copy]"), function (area) {
    var button = el("button", { type: "button", "class": "copy" }, area.getAttribute("data-copy-label") || "คัดลอก");
    var status = el("span", { "class": "copy-status", role: "status" });
    button.addEventListener("click", function () {
      area.select();
      copy(area.value, function () { status.textContent = area.getAttribute("data-done-label") || "คัดลอกแล้ว"; });
    });
    area.insertAdjacentElement("afterend", status);
    area.insertAdjacentElement("afterend", button);
  });

  // ---- article: next and previous match
  var nav = document.querySelector(".matchnav");
  var marks = document.querySelectorAll(".article-body mark[id]");
  if (nav && marks.length) {
    var at = -1;
    var where = nav.querySelector(".where");
    var go = function (i) {
      if (at >= 0) marks[at].classList.remove("current");
      at = (i + marks.length) % marks.length;
      marks[at].classList.add("current");
      marks[at].focus({ preventScroll: true });
      marks[at].scrollIntoView({ block: "center" });
      if (where) where.textContent = where.getAttribute("data-template").replace("{i}", at + 1).replace("{n}", marks.length);
    };
    Array.prototype.forEach.call(nav.querySelectorAll("button[data-step]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { go(at + parseInt(b.getAttribute("data-step"), 10)); });
    });
  }
})();
