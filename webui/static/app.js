/* thainews: enhancements only; every page works without JavaScript.
 * - the search box becomes a combobox (static/combobox.js) with suggestions
 *   from /api/suggest grouped as people, positions and headline words
 * - a visible pending state while a search loads
 * - the phone's filter button opens the filters in place
 * - copy-citation buttons, next/previous match on an article, "/" focuses the box
 * - GET forms leave their empty fields out of the URL (no `&from=&to=`)
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

  // ---- no empty parameters in URLs: a GET form's empty fields are disabled while it is
  // sent (a disabled field is not submitted), and enabled again right after, so a page
  // the back button restores keeps them usable
  Array.prototype.forEach.call(document.querySelectorAll("form[method=get]"), function (f) {
    f.addEventListener("submit", function () {
      var emptied = Array.prototype.filter.call(f.elements, function (field) {
        return field.name && !field.disabled && field.tagName !== "BUTTON" && field.value === "";
      });
      emptied.forEach(function (field) { field.disabled = true; });
      setTimeout(function () { emptied.forEach(function (field) { field.disabled = false; }); }, 0);
    });
  });

  // ---- search as you type: static/combobox.js, loaded before this file
  if (box && box.getAttribute("data-suggest") && typeof thainewsCombobox === "function") {
    var quiet = thainewsCombobox(box, {
      suggestUrl: box.getAttribute("data-suggest"),
      credentials: "same-origin",
      listId: "q-listbox",
      labels: {
        list: box.getAttribute("data-label-list"),
        people: box.getAttribute("data-label-people"),
        positions: box.getAttribute("data-label-positions"),
        headlines: box.getAttribute("data-label-headlines"),
        count: box.getAttribute("data-label-count")
      }
    });
    form.addEventListener("submit", quiet);
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

  // ---- timeline: a bar's range and count shown on hover and on keyboard focus
  Array.prototype.forEach.call(document.querySelectorAll(".timeline"), function (section) {
    var readout = section.querySelector(".readout");
    if (!readout) return;
    var show = function (e) {
      var link = e.target.closest && e.target.closest(".bar-link");
      readout.textContent = link ? link.getAttribute("aria-label") : "";
    };
    section.addEventListener("mouseover", show);
    section.addEventListener("focusin", show);
    section.addEventListener("mouseleave", function () { readout.textContent = ""; });
    section.addEventListener("focusout", function () { readout.textContent = ""; });
  });

  // ---- article: next and previous match
  var nav = document.querySelector(".matchnav");
  var marks = document.querySelectorAll(".article mark[id]");
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
