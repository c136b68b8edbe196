/* 适老化 — the easy-reading switch in the header: larger text and stronger contrast.
   The choice is kept in localStorage, so it holds on every page of the site; an inline
   script in <head> (theme/main.html) applies it before the first paint. */
(() => {
  const KEY = "cg-elderly";
  const root = document.documentElement;
  const show = (on) => {
    root.classList.toggle(KEY, on);
    document.querySelectorAll("[data-cg-elderly]").forEach((b) => b.setAttribute("aria-pressed", String(on)));
  };
  let stored = false;
  try { stored = localStorage.getItem(KEY) === "1"; } catch (e) { /* storage blocked: the switch still works on this page */ }
  show(stored);
  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element) || !event.target.closest("[data-cg-elderly]")) return;
    const on = !root.classList.contains(KEY);
    try { if (on) localStorage.setItem(KEY, "1"); else localStorage.removeItem(KEY); } catch (e) { /* as above */ }
    show(on);
  });
})();
