/* thainews: search as you type. A WAI-ARIA 1.2 combobox over /api/suggest,
 * its options grouped as people, positions and headline words: arrow keys
 * move through them (the box shows the one chosen, ArrowUp past the first
 * gives back what was typed), Enter searches for it, Escape closes the list.
 *
 * One implementation for both search boxes:
 * - the search page loads this file with its own <script> tag before app.js
 *   (pages allow scripts from files only); app.js calls thainewsCombobox;
 * - the embeddable widget: /embed.js is this file and static/embed.js in one
 *   function scope (webui/embed.py), so the widget stays one tag and adds
 *   nothing to the host page's globals.
 * Options and group labels are built with text nodes, never innerHTML: a
 * suggestion is document text. */
function thainewsCombobox(input, options) {
  "use strict";
  // options:
  //   suggestUrl    /api/suggest (the page's data-suggest; the widget's own origin)
  //   credentials   for fetch: "same-origin" on the page, "omit" in the widget
  //   listId        the listbox's id; its groups' labels and options take ids from it
  //   labels        {list, people, positions, headlines, count}, count with "{n}":
  //                 the page's come from data-label-*, in the reader's language;
  //                 the widget's are Thai
  //   perGroup      at most this many options a group (default: all /api/suggest gives)
  //   statusParent  where the status that counts the options goes (default: beside the box)
  // Returns quiet(): close the list and drop suggestions still on their way
  // (call it when the search is submitted).
  var GROUPS = ["people", "positions", "headlines"];
  var labels = options.labels;
  var listId = options.listId;
  var form = input.form;
  var root = input.getRootNode ? input.getRootNode() : document; // a shadow root in the widget

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var list = el("div", { id: listId, role: "listbox", "class": "listbox", hidden: "", "aria-label": labels.list });
  var status = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
  input.parentNode.appendChild(list);
  (options.statusParent || input.parentNode).appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  var items = [];   // the option elements, in list order
  var active = -1;  // the option chosen with the arrow keys, -1 for none
  var typed = input.value;
  var timer = null;
  var serial = 0;   // answers to older requests are dropped

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    input.removeAttribute("autocomplete"); // the browser's own history again
    active = -1;
  }

  function select(i) {
    items.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
    active = i;
    if (i < 0) { input.removeAttribute("aria-activedescendant"); input.value = typed; return; }
    input.setAttribute("aria-activedescendant", items[i].id);
    items[i].scrollIntoView({ block: "nearest" });
    input.value = items[i].getAttribute("data-value");
  }

  function choose(i) {
    input.value = items[i].getAttribute("data-value");
    close();
    if (form.requestSubmit) { form.requestSubmit(); return; }
    // older browsers: what requestSubmit does, the submit handlers first
    if (form.dispatchEvent(new Event("submit", { cancelable: true }))) form.submit();
  }

  function render(data) {
    list.textContent = "";
    items = [];
    var groups = (data && data.groups) || {};
    GROUPS.forEach(function (name) {
      var texts = (groups[name] || []).slice(0, options.perGroup || undefined);
      if (!texts.length) return;
      var labelId = listId + "-" + name;
      var group = el("div", { role: "group", "aria-labelledby": labelId });
      group.appendChild(el("div", { id: labelId, "class": "group-label", role: "presentation" }, labels[name]));
      texts.forEach(function (item) {
        // {text, count}: the text as articles write it, and what a search for it finds
        var text = typeof item === "string" ? item : item.text;
        var i = items.length;
        var option = el("div", { id: listId + "-" + i, role: "option", "aria-selected": "false", "data-value": text }, text);
        if (item.role) {
          option.appendChild(el("span", { "class": "role" }, " " + item.role));
        }
        if (typeof item.count === "number") {
          option.appendChild(el("span", { "class": "count" }, " " + item.count.toLocaleString("en-US")));
        }
        option.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the focus in the box
        option.addEventListener("click", function () { choose(i); });
        items.push(option);
        group.appendChild(option);
      });
      list.appendChild(group);
    });
    active = -1;
    if (!items.length) { close(); status.textContent = ""; return; }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.setAttribute("autocomplete", "off"); // ours is open: not the browser's over it
    status.textContent = labels.count.replace("{n}", items.length);
  }

  function suggest() {
    var q = input.value.trim();
    typed = input.value;
    if (!q) { close(); return; }
    var mine = ++serial;
    fetch(options.suggestUrl + "?q=" + encodeURIComponent(q), { credentials: options.credentials })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (mine === serial && root.activeElement === input) render(data); })
      .catch(function () { /* suggestions are a help, not the search */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && items.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) { suggest(); return; }
      select(active + 1 < items.length ? active + 1 : -1);
    } else if (event.key === "ArrowUp") {
      if (!open) return;
      event.preventDefault();
      select(active <= -1 ? items.length - 1 : active - 1);
    } else if (event.key === "Escape") {
      if (!open) return;
      event.preventDefault();
      event.stopPropagation(); // only the suggestions close (the widget's results panel stays)
      input.value = typed;
      close();
    } else if (event.key === "Enter") {
      if (open && active >= 0) { event.preventDefault(); choose(active); } else close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  return function quiet() { clearTimeout(timer); serial++; close(); };
}
