/* mkdocs-material's scripts — the header's title and shadow, the table of contents following the page,
 * back-to-top, closing the drawer, its keyboard handling — are loaded on the reader's first interaction
 * (a touch, a key, the pointer, a scroll, the focus), not with the page: they are its one heavy script, and
 * nothing the reader sees first needs them (docs/performance.md). Without them the page is whole: the drawer,
 * the tabs and the language switch are HTML and CSS, the search box, the easy-reading mode and read-aloud
 * are this site's own scripts. theme/main.html keeps the bundle in a script element that does not run.
 */
(() => {
  "use strict";

  const held = document.querySelector("script[data-cg-material]");
  if (!held) return;
  const EVENTS = ["pointerdown", "pointermove", "touchstart", "keydown", "focusin", "scroll", "wheel"];
  const options = { capture: true, passive: true };

  const load = () => {
    for (const name of EVENTS) window.removeEventListener(name, load, options);
    const script = document.createElement("script");
    script.src = held.dataset.src;
    /* The bundle starts on DOMContentLoaded; once that has passed, it is told again, on the document alone. */
    script.addEventListener("load", () => {
      if (document.readyState !== "loading") document.dispatchEvent(new Event("DOMContentLoaded"));
    });
    held.replaceWith(script);
  };

  for (const name of EVENTS) window.addEventListener(name, load, options);
})();
