/* thainews: small enhancements only; every page works without JavaScript. */
(function () {
  "use strict";
  var box = document.getElementById("q");

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

  // copy buttons for code boxes on /embed
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-copy]"), function (area) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "คัดลอก";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      area.select();
      var done = function () { status.textContent = "คัดลอกแล้ว"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
    area.insertAdjacentElement("afterend", status);
    area.insertAdjacentElement("afterend", button);
  });
})();
