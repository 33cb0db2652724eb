/*! thainews embeddable search box.
 *
 *   <script src="https://NEWS.HOST/embed.js" async
 *           data-placeholder="ค้นหาข่าว" data-mode="panel|newtab"
 *           data-from="2562" data-to="2563" data-category="..." data-size="5"></script>
 *
 * Draws a search box (in a shadow root, so no styles leak in or out) right
 * after the script tag, or into the element matching data-target. It talks
 * to /api/search on the host the script itself was loaded from.
 *
 * (This file is not served alone: /embed.js is static/combobox.js, which
 * defines thainewsCombobox, and this file in one function scope; see
 * webui/embed.py.)
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return;
  if (script.getAttribute("data-thainews-done")) return;
  script.setAttribute("data-thainews-done", "1");

  var base = new URL(".", script.src).href; // e.g. https://news.example/
  var d = script.dataset;
  var size = parseInt(d.size, 10);
  var opts = {
    placeholder: d.placeholder || "ค้นหาข่าว",
    mode: d.mode === "newtab" ? "newtab" : "panel",
    from: d.from || "",
    to: d.to || "",
    category: d.category || "",
    size: isNaN(size) ? 5 : Math.max(1, Math.min(20, size))
  };
  var uid = "tn" + Math.random().toString(36).slice(2, 8);

  var CSS = [
    ":host{display:block;margin:0;padding:0;max-width:40rem}",
    ":host([hidden]){display:none}",
    ".tn{all:initial;display:block;box-sizing:border-box;",
    "font-family:'Noto Sans Thai','Sarabun','Leelawadee UI','Tahoma','Loma','Garuda',sans-serif;",
    "font-size:16px;line-height:1.6;color:#1d1d1f;text-align:left}",
    ".tn *,.tn *::before,.tn *::after{box-sizing:border-box}",
    "form{display:flex;gap:.4rem;margin:0;flex-wrap:wrap}",
    "input{flex:1 1 12rem;min-width:0;font:inherit;line-height:1.6;color:#1d1d1f;background:#fff;",
    "border:1px solid #767676;border-radius:.4rem;padding:.45rem .7rem;margin:0}",
    "button{font:inherit;line-height:1.6;color:#fff;background:#0b5394;border:1px solid #0b5394;",
    "border-radius:.4rem;padding:.45rem 1rem;margin:0;cursor:pointer}",
    "button:hover{background:#083d6e}",
    "input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #f0a500;outline-offset:2px}",
    ".visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);",
    "white-space:nowrap;margin:-1px;padding:0;border:0}",
    ".panel{margin-top:.5rem;border:1px solid #d0d7de;border-radius:.5rem;background:#fff;",
    "padding:.6rem .9rem;box-shadow:0 2px 8px rgba(0,0,0,.08)}",
    ".panel[hidden]{display:none}",
    ".head{display:flex;justify-content:space-between;align-items:center;gap:.5rem;",
    "font-size:.9rem;color:#4a4a4a}",
    ".close{background:transparent;color:#4a4a4a;border:1px solid transparent;padding:0 .5rem;",
    "font-size:1.1rem;line-height:1.6}",
    ".close:hover{background:#eef2f6}",
    "ol{list-style:none;margin:.3rem 0;padding:0}",
    "li{padding:.5rem 0;border-top:1px solid #eceff3}",
    "li:first-child{border-top:0}",
    "a{color:#0b5394;text-decoration:underline;text-underline-offset:.15em}",
    "a:hover{color:#083d6e}",
    ".title{font-size:1.02rem;font-weight:600;line-height:1.6;margin:0;overflow-wrap:anywhere}",
    ".date{display:block;font-size:.85rem;color:#4a4a4a}",
    ".snip{margin:.15rem 0 0;font-size:.92rem;overflow-wrap:anywhere}",
    "mark{background:#ffe58a;color:inherit;padding:0;border-radius:.12em;box-shadow:0 0 0 .08em #ffe58a;white-space:nowrap}",
    ".combo{position:relative;flex:1 1 12rem;min-width:0;display:flex}",
    ".combo input{flex:1 1 auto;width:100%}",
    ".listbox{position:absolute;top:100%;left:0;right:0;z-index:10;margin-top:.2rem;padding:.2rem 0;background:#fff;",
    "border:1px solid #767676;border-radius:.4rem;box-shadow:0 6px 18px rgba(0,0,0,.15);max-height:20rem;overflow-y:auto}",
    ".listbox[hidden]{display:none}",
    ".group-label{padding:.1rem .7rem;font-size:.8rem;font-weight:700;color:#4a4a4a}",
    ".listbox [role=option]{padding:.2rem .7rem .2rem 1.2rem;cursor:pointer}",
    ".listbox [role=option][aria-selected=true]{background:#0b5394;color:#fff}",
    ".listbox [role=option] .count{float:right;color:#555;font-size:.85em}",
    ".listbox [role=option][aria-selected=true] .count{color:#fff}",
    ".listbox [role=option] .role{color:#555;font-size:.85em}",
    ".listbox [role=option][aria-selected=true] .role{color:#fff}",
    ".pending{display:flex;align-items:center;gap:.5rem;color:#083d6e;font-weight:600}",
    ".spin{width:1rem;height:1rem;border:3px solid #c9d8ea;border-top-color:#0b5394;border-radius:50%}",
    "@media (prefers-reduced-motion:no-preference){.spin{animation:tnspin .8s linear infinite}}",
    "@keyframes tnspin{to{transform:rotate(360deg)}}",
    ".more{display:inline-block;margin-top:.3rem;font-size:.92rem}",
    ".msg{margin:.3rem 0}",
    ".err{color:#a40000}"
  ].join("");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Snippets from /api/search are HTML: the document's text escaped, the
  // matches in <mark>. They are rebuilt here as text nodes and <mark>
  // elements, never parsed as HTML: markup that reached a snippet any other
  // way (a bug, a proxy) shows as text, and no Trusted Types sink is used.
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

  function decode(text) {
    return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, function (all, name) {
      if (name.charAt(0) === "#") {
        var hex = name.charAt(1) === "x" || name.charAt(1) === "X";
        var code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
        return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : all;
      }
      var key = name.toLowerCase();
      return Object.prototype.hasOwnProperty.call(ENTITIES, key) ? ENTITIES[key] : all;
    });
  }

  function appendSnippet(parent, html) {
    // split with the tag captured: [text, "" or "/", text, ...]
    var parts = String(html).split(/<(\/?)mark>/i);
    var inMark = false;
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1) { inMark = parts[i] !== "/"; continue; }
      if (!parts[i]) continue;
      var text = document.createTextNode(decode(parts[i]));
      if (inMark) { var m = el("mark"); m.appendChild(text); parent.appendChild(m); }
      else parent.appendChild(text);
    }
  }

  function params(q, extra) {
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    if (opts.from) p.set("from", opts.from);
    if (opts.to) p.set("to", opts.to);
    if (opts.category) p.set("category", opts.category);
    if (extra) for (var k in extra) p.set(k, extra[k]);
    return p.toString();
  }

  // ---- build the widget
  var host = el("thainews-search");
  var target = d.target ? document.querySelector(d.target) : null;
  if (target) target.appendChild(host);
  else script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

  // A constructed style sheet where supported: an inline <style> would need
  // 'unsafe-inline' in the Content-Security-Policy of pages that embed us
  // (our own /embed page included)
  var styled = false;
  if (root !== host && "adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      styled = true;
    } catch (e) { /* older browsers: the <style> below */ }
  }
  var wrap = el("div", { "class": "tn", lang: "th" });
  var form = el("form", { role: "search", action: base, method: "get", "aria-label": "ค้นหาข่าว" });
  if (opts.mode === "newtab") { form.setAttribute("target", "_blank"); form.setAttribute("rel", "noopener"); }
  var label = el("label", { "for": uid + "-q", "class": "visually-hidden" }, "ค้นหาข่าว");
  var input = el("input", { id: uid + "-q", type: "search", name: "q", placeholder: opts.placeholder,
                            enterkeyhint: "search", spellcheck: "false" });
  var button = el("button", { type: "submit" }, "ค้นหา");
  var combo = el("div", { "class": "combo" });
  combo.appendChild(input);
  form.appendChild(label);
  form.appendChild(combo);
  ["from", "to", "category"].forEach(function (key) {
    if (opts[key]) form.appendChild(el("input", { type: "hidden", name: key, value: opts[key] }));
  });
  form.appendChild(button);
  var panel = el("div", { "class": "panel", role: "region", "aria-label": "ผลการค้นหาข่าว", hidden: "" });
  var live = el("p", { "class": "visually-hidden", "aria-live": "polite" });
  wrap.appendChild(form);
  wrap.appendChild(live);
  wrap.appendChild(panel);
  if (!styled) root.appendChild(el("style", null, CSS));
  root.appendChild(wrap);

  // search as you type: static/combobox.js, served before this file as /embed.js
  var quiet = thainewsCombobox(input, { // call quiet() to drop suggestions still on their way
    suggestUrl: base + "api/suggest",
    credentials: "omit",
    listId: uid + "-lb",
    labels: { list: "คำแนะนำการค้นหา", people: "บุคคล", positions: "ตำแหน่ง", headlines: "คำในพาดหัวข่าว",
              count: "มีคำแนะนำ {n} รายการ ใช้ลูกศรขึ้นลงเพื่อเลือก" },
    perGroup: 4,
    statusParent: wrap
  });
  if (opts.mode === "newtab") return; // a plain form: the full results page opens in a new tab

  var pending = null;
  var serial = 0;

  function close() {
    panel.hidden = true;
    panel.textContent = "";
  }

  function show(nodes) {
    panel.textContent = "";
    var head = el("div", { "class": "head" });
    head.appendChild(nodes.summary);
    var x = el("button", { type: "button", "class": "close", "aria-label": "ปิดผลการค้นหา" }, "×");
    x.addEventListener("click", function () { close(); input.focus(); });
    head.appendChild(x);
    panel.appendChild(head);
    if (nodes.body) panel.appendChild(nodes.body);
    if (nodes.more) panel.appendChild(nodes.more);
    panel.hidden = false;
  }

  function render(q, data) {
    var summary = el("span", { "class": "summary" });
    if (!data.total) {
      summary.textContent = "ไม่พบข่าวที่ตรงกับ “" + q + "”";
      live.textContent = summary.textContent;
      var tip = el("p", { "class": "msg" }, "ลองใช้คำให้น้อยลง หรือตรวจการสะกด");
      return show({ summary: summary, body: tip });
    }
    summary.textContent = "พบ " + data.total.toLocaleString("th-TH") + " ข่าว";
    live.textContent = summary.textContent;
    var list = el("ol");
    (data.hits || []).forEach(function (hit) {
      var li = el("li");
      var h = el("p", { "class": "title" });
      var a = el("a", { href: base + "article/" + encodeURIComponent(hit.id) + "?" + new URLSearchParams({ q: q }),
                        target: "_blank", rel: "noopener" });
      if (hit.title_html) appendSnippet(a, hit.title_html); // text and <mark> only
      else a.textContent = hit.title || "(ไม่มีหัวข้อ)";
      h.appendChild(a);
      li.appendChild(h);
      if (hit.date_thai || hit.date) {
        li.appendChild(el("time", { "class": "date", datetime: hit.date || undefined }, hit.date_thai || hit.date));
      }
      if (hit.snippet) {
        var s = el("p", { "class": "snip" });
        appendSnippet(s, hit.snippet); // text and <mark> only
        li.appendChild(s);
      }
      list.appendChild(li);
    });
    var more = null;
    if (data.total > (data.hits || []).length) {
      more = el("a", { "class": "more", href: base + "?" + params(q), target: "_blank", rel: "noopener" },
                "ดูผลทั้งหมด " + data.total.toLocaleString("th-TH") + " ข่าว ›");
    }
    show({ summary: summary, body: list, more: more });
  }

  function fail(message) {
    var summary = el("span", { "class": "summary err", role: "alert" }, message);
    live.textContent = "";
    show({ summary: summary });
  }

  function showPending() {
    var summary = el("span", { "class": "summary pending" });
    summary.appendChild(el("span", { "class": "spin", "aria-hidden": "true" }));
    summary.appendChild(document.createTextNode("กำลังค้นหา…"));
    show({ summary: summary });
    panel.setAttribute("aria-busy", "true");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (!q) { close(); return; }
    quiet();
    showPending();
    if (pending && pending.abort) pending.abort();
    pending = typeof AbortController === "function" ? new AbortController() : null;
    var mine = ++serial;
    live.textContent = "กำลังค้นหา…";
    fetch(base + "api/search?" + params(q, { size: String(opts.size) }),
          { signal: pending ? pending.signal : undefined, credentials: "omit" })
      .then(function (res) {
        return res.json().then(function (data) { return { ok: res.ok, data: data }; },
                               function () { return { ok: false, data: { error: "เซิร์ฟเวอร์ตอบกลับผิดรูปแบบ (" + res.status + ")" } }; });
      })
      .then(function (r) {
        if (mine !== serial) return;
        panel.removeAttribute("aria-busy");
        if (!r.ok) fail("ค้นหาไม่ได้: " + (r.data && r.data.error ? r.data.error : "เกิดข้อผิดพลาด"));
        else render(q, r.data);
      })
      .catch(function (err) {
        if (mine !== serial || (err && err.name === "AbortError")) return;
        panel.removeAttribute("aria-busy");
        fail("ติดต่อเซิร์ฟเวอร์ค้นหาไม่ได้ ลองใหม่อีกครั้ง");
      });
  });

  wrap.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { close(); input.focus(); }
  });
})();
