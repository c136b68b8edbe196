/* Community Guardians — gallery lightbox for story pages.
 *
 * A native <dialog> opened from the links of a `.cg-gallery`
 * (`a.cg-lightbox`, written by generator/render.py `Renderer.gallery`).
 * Keyboard: Esc closes, ← → move; on touch screens a swipe moves; a tap on
 * the dark margin closes. Focus goes to the close button on opening and
 * back to the photo on closing. Button labels come from the gallery's
 * data-label-* attributes (interface strings, zh or en).
 * Without JavaScript, or without <dialog>, each link simply opens the photo.
 * Nothing is loaded from any other host.
 */
(function () {
  "use strict";

  function element(tag, className, parent) {
    var node = document.createElement(tag);
    node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function button(className, label, symbol, parent) {
    var node = element("button", className, parent);
    node.type = "button";
    node.setAttribute("aria-label", label);
    node.title = label;
    node.textContent = symbol;
    return node;
  }

  function setup(gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a.cg-lightbox"));
    if (!links.length || gallery.hasAttribute("data-cg-ready") || typeof HTMLDialogElement !== "function") return;
    gallery.setAttribute("data-cg-ready", "");
    var labels = gallery.dataset;
    var current = 0;
    var opener = null;

    var dialog = element("dialog", "cg-lightbox-dialog", document.body);
    dialog.setAttribute("aria-label", labels.labelDialog || "");
    var figure = element("figure", "cg-lightbox__figure", dialog);
    var image = element("img", "cg-lightbox__image", figure);
    image.decoding = "async";
    var caption = element("figcaption", "cg-lightbox__caption", figure);
    var text = element("span", "cg-lightbox__text", caption);
    var credit = element("span", "cg-lightbox__credit", caption);
    var count = element("span", "cg-lightbox__count", caption);
    count.setAttribute("aria-live", "polite");
    var prev = button("cg-lightbox__prev", labels.labelPrev || "", "\u2039", dialog);
    var next = button("cg-lightbox__next", labels.labelNext || "", "\u203a", dialog);
    var close = button("cg-lightbox__close", labels.labelClose || "", "\u00d7", dialog);
    prev.hidden = next.hidden = links.length < 2;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      image.removeAttribute("src");
      image.srcset = link.dataset.srcset || "";
      image.sizes = "100vw";
      image.src = link.href;
      image.alt = thumb ? thumb.alt : "";
      text.textContent = link.dataset.caption || "";
      credit.textContent = link.dataset.credit || "";
      count.textContent = links.length > 1 ? (current + 1) + " / " + links.length : "";
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        close.focus();
      });
    });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      else if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    dialog.addEventListener("close", function () {
      if (opener) opener.focus();
    });

    var startX = 0;
    var startY = 0;
    dialog.addEventListener("touchstart", function (event) {
      startX = event.changedTouches[0].clientX;
      startY = event.changedTouches[0].clientY;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) show(current + (dx < 0 ? 1 : -1));
    }, { passive: true });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".cg-gallery"), setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* mkdocs-material instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });  /* once: cg-material.js tells it again */
  } else {
    init();
  }
})();
