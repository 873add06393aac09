/* Progressive enhancement only: the site is fully usable without script. */
(function () {
  "use strict";
  function setupTimelineFilter() {
    var chips = document.querySelectorAll(".fs-chip[data-topic]");
    if (!chips.length) return;
    var items = document.querySelectorAll(".fs-tl-item");
    function apply(topic) {
      chips.forEach(function (c) { c.setAttribute("aria-pressed", String(c.dataset.topic === topic)); });
      items.forEach(function (it) {
        var topics = (it.dataset.topics || "").split(" ");
        it.hidden = topic !== "" && topics.indexOf(topic) < 0;
      });
    }
    chips.forEach(function (c) { c.addEventListener("click", function () { apply(c.dataset.topic || ""); }); });
  }
  function openTarget() {
    // A permalink (#f1234, or the old id of a merged fact) opens the fact's details;
    // a note marker (#note-3) opens the folded notes. Without script, CSS shows a
    // targeted fact's details and the browser opens the notes.
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    var fact = el.classList.contains("fs-former") ? el.parentElement : el;
    if (fact && fact.classList.contains("fs-fact")) {
      fact.querySelectorAll("details.fs-more").forEach(function (d) { d.open = true; });
    }
    for (var d = el.parentElement; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) d.open = true;
    }
  }
  function openForPrint() {
    document.querySelectorAll("details.fs-notes-box").forEach(function (d) { d.open = true; });
  }
  function labelDialogs() {
    // The theme's search overlay is a dialog without a name; give it one for screen readers.
    document.querySelectorAll('[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (d) {
      d.setAttribute("aria-label", "Search");
    });
  }
  function addCopyButton(ev) {
    // "Cite this fact": when the box is opened, offer a button that copies the citation.
    var d = ev.target;
    if (!d.open || !d.classList || !d.classList.contains("fs-citebox") || d.querySelector(".fs-copy")) return;
    var text = d.querySelector(".fs-cite");
    if (!text || !navigator.clipboard) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "fs-copy";
    b.textContent = "Copy";
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent).then(function () { b.textContent = "Copied"; });
    });
    text.insertAdjacentElement("afterend", b);
  }
  function init() { labelDialogs(); setupTimelineFilter(); openTarget(); }
  document.addEventListener("toggle", addCopyButton, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", openForPrint);
})();
