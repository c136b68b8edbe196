/* Print: every printed page carries the site's name, the page's title, its address and the date it was
   printed, in the page's margins (@page margin boxes; theme/assets/cg-print.css lays out the rest).
   Written when the page loads and again just before printing, so the date is the day of printing.
   The words come from the footer (theme/partials/copyright.html), the names from the page's own meta. */
(function () {
  "use strict";
  var labels = document.querySelector(".cg-identity");
  if (!labels) return;
  var style = document.createElement("style");
  style.media = "print";
  style.id = "cg-print-margins";
  document.head.appendChild(style);

  function meta(property) {
    var found = document.querySelector('meta[property="' + property + '"]');
    return found ? found.getAttribute("content") : "";
  }
  function quoted(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n\f]+/g, " ") + '"';
  }
  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function write() {
    var now = new Date();
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var site = meta("og:site_name");
    var title = meta("og:title");
    var heading = title && title !== site ? site + " · " + title : site;
    style.textContent =
      "@page {" +
      " @top-left { content: " + quoted(heading) + "; }" +
      " @top-right { content: " + quoted(labels.getAttribute("data-print-date") + " " + day) + "; }" +
      " @bottom-left { content: " + quoted(labels.getAttribute("data-print-address") + " " + location.href) + "; }" +
      ' @bottom-right { content: counter(page) " / " counter(pages); }' +
      " }";
  }
  write();
  window.addEventListener("beforeprint", write);
})();
