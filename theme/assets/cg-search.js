/* The header search box over the Pagefind bundle at <site root>/pagefind/.
 *
 * Chinese text is indexed as character pairs written as ASCII "gram words"
 * (generator/search.py); `pagefindQuery` turns the reader's query into the
 * same words, so 老人 finds 孤寡老人 and a name is found wherever it stands.
 * Pagefind is loaded on first use, from this site only; it fetches just the
 * index chunks and result fragments a query needs.
 */
(() => {
  "use strict";

  const LETTERS = "bcfhjkmnpqrtvwxz";
  const GRAM_PREFIX = "g";
  const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  const HAS_CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const MARK = "\u241e";
  const CHINESE_PAGES = document.documentElement.lang.startsWith("zh");
  const PAGE = 10;
  const FILTERS = ["type", "city", "year", "role", "award"];
  const UNDATED = "0001-01-01"; /* generator/facets.py: sort key of a page with no date */

  const box = document.querySelector("[data-cg-search]");
  const toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  const input = box.querySelector(".md-search__input");
  const form = box.querySelector(".md-search__form");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const more = box.querySelector(".cg-search__more");
  const selects = Object.fromEntries(FILTERS.map((name) => [name, box.querySelector(`[data-cg-filter="${name}"]`)]));
  const strings = JSON.parse(document.getElementById("cg-search-strings").textContent);
  const root = new URL(box.dataset.root || "./", document.baseURI);
  const filterBox = box.querySelector(".cg-search__filters");
  /* Filters start open where there is room for them (mkdocs-material's wide-header breakpoint). */
  filterBox.open = window.matchMedia("(min-width: 60em)").matches;

  /* --- queries: the same gram words as generator/search.py ---------------- */

  const encodeChar = (c) => {
    const point = c.codePointAt(0);
    return [12, 8, 4, 0].map((shift) => LETTERS[(point >> shift) & 15]).join("");
  };

  /** The gram words a Chinese run is searched by: its pairs, or the character alone. */
  const runWords = (run) => {
    const chars = Array.from(run);
    if (chars.length === 1) return [GRAM_PREFIX + encodeChar(chars[0])];
    const words = [];
    for (let i = 0; i < chars.length - 1; i += 1) {
      const word = GRAM_PREFIX + encodeChar(chars[i]) + encodeChar(chars[i + 1]);
      if (!words.includes(word)) words.push(word);
    }
    return words;
  };

  /** The query Pagefind is given: Chinese runs become gram words, other words stay. */
  const pagefindQuery = (query) => query.replace(CJK, (run) => ` ${runWords(run).join(" ")} `).replace(/\s+/g, " ").trim();

  /** Whether some pair of the query is in no page at all.
   * Pagefind answers a word it does not have with its nearest neighbours in the
   * index (发展 would find 发来); an exact search for each pair tells us first. */
  const FULL_GRAM = new RegExp(`^${GRAM_PREFIX}[${LETTERS}]{8}$`);
  const lacksPair = async (pf, term) => {
    const pairs = term.split(" ").filter((word) => FULL_GRAM.test(word));
    const found = await Promise.all(pairs.map((word) => pf.search(`"${word}"`).then((s) => s.results.length > 0)));
    return found.includes(false);
  };

  /** Pagefind's results for the reader's words and filters; filters alone list newest first. */
  const find = async (pf, query, filters) => {
    const term = query ? pagefindQuery(query) : null;
    const [lacking, search] = await Promise.all([term ? lacksPair(pf, term) : false,
      pf.search(term, query ? { filters } : { filters, sort: { date: "desc" } })]);
    return lacking ? { results: [] } : search;
  };

  /* --- Pagefind, loaded on first use -------------------------------------- */

  let pagefind = null;
  const load = () => {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
        await pf.options({ excerptLength: 24 });
        await pf.init();
        fillFilters(await pf.filters());
        return pf;
      });
    }
    return pagefind;
  };

  const label = (name, value) => {
    if (name === "type") return strings[`search_type_${value}`] || value;
    if (name === "role") return strings[`role_${value}`] || value;
    return value;
  };

  const fillFilters = (available) => {
    for (const name of FILTERS) {
      const select = selects[name];
      const values = Object.keys(available[name] || {});
      if (name === "year") values.sort().reverse();
      else if (name === "type") values.sort((a, b) => FILTER_ORDER.indexOf(a) - FILTER_ORDER.indexOf(b));
      else values.sort((a, b) => a.localeCompare(b, document.documentElement.lang));
      const wanted = select.dataset.wanted || select.value;
      for (const value of values) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = label(name, value);
        select.append(option);
      }
      select.value = values.includes(wanted) ? wanted : "";
      select.closest(".cg-search__filter").hidden = values.length === 0;
    }
  };
  const FILTER_ORDER = ["story", "worker", "guide", "policy", "award"];

  /* --- results ------------------------------------------------------------ */

  /* Every value goes into the page as text (textContent, text nodes), never as markup: a page's text, its
     title and Pagefind's excerpts may hold `<script` or `onerror=` as words. A highlighted text is a list of
     [text, marked] parts; marked parts become <mark> elements whose text is set as text. */

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  /** An excerpt around the first place the query occurs, for Chinese queries (Pagefind's would show gram words)
   * and on Chinese pages (Pagefind counts a Chinese run between spaces as one word, so its excerpts run long). */
  const excerpt = (content, query) => {
    const text = content.split(MARK)[0].replace(/\s+/g, " ");
    const needles = [];
    for (const run of query.match(CJK) || []) {
      needles.push(run);
      const chars = Array.from(run);
      for (let i = 0; i < chars.length - 1; i += 1) needles.push(chars[i] + chars[i + 1]);
    }
    for (const word of query.replace(CJK, " ").split(/\s+/)) if (word) needles.push(word);
    const lower = text.toLowerCase();
    let at = -1;
    for (const needle of needles) {
      at = lower.indexOf(needle.toLowerCase());
      if (at >= 0) break;
    }
    const start = Math.max(0, at - 20);
    const snippet = (start > 0 ? "…" : "") + text.slice(start, start + 90) + (text.length > start + 90 ? "…" : "");
    if (!needles.length) return [[snippet, false]];
    const pattern = new RegExp(`(${needles.sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})`, "gi");
    return snippet.split(pattern).map((part, i) => [part, i % 2 === 1]);
  };

  /** Pagefind's excerpt as parts. Pagefind writes the page's words with `<` and `>` as `&lt;` and `&gt;` and
   * wraps the words found in <mark>…</mark>: the text is split on those marks, the two escapes are undone, and
   * anything else in it stays text. */
  const PAGEFIND_MARK = /<mark>([\s\S]*?)<\/mark>/;
  const pagefindExcerpt = (html) => html.split(PAGEFIND_MARK)
    .map((part, i) => [part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"), i % 2 === 1]);

  /** An element holding `text` as text. */
  const element = (tag, className, text = "") => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = text;
    return node;
  };

  /** A paragraph of highlighted parts. */
  const highlighted = (parts) => {
    const p = document.createElement("p");
    p.append(...parts.map(([text, marked]) => (marked ? element("mark", "", text) : text)));
    return p;
  };

  const resultUrl = (url) => new URL(url.replace(/^\//, ""), root).href;

  const item = (data, query) => {
    let summary;
    if (!query) summary = [[data.meta.summary || data.content.split(MARK)[0].slice(0, 90), false]];
    else if (HAS_CJK.test(query) || CHINESE_PAGES) summary = excerpt(data.content, query);
    else summary = pagefindExcerpt(data.excerpt || "");
    const facts = [];
    for (const name of ["type", "city"]) for (const value of data.filters[name] || []) facts.push(label(name, value));
    if (data.meta.date && data.meta.date !== UNDATED) facts.push(data.meta.date.slice(0, 4));
    const link = element("a", "md-search-result__link");
    link.href = resultUrl(data.url);
    const article = element("article", "md-search-result__article md-typeset");
    article.append(element("h1", "", data.meta.title || ""), element("p", "cg-search__facts", facts.join(" · ")),
      highlighted(summary));
    link.append(article);
    const li = element("li", "md-search-result__item");
    li.append(link);
    return li;
  };

  let current = { results: [], shown: 0, query: "" };
  let sequence = 0;

  const selectedFilters = () => {
    const filters = {};
    for (const name of FILTERS) if (selects[name].value) filters[name] = selects[name].value;
    return filters;
  };

  const count = (n) => (n === 1 ? strings.search_results_one : strings.search_results_other.replace("{n}", n));

  const showMore = async () => {
    const mine = sequence;
    const batch = current.results.slice(current.shown, current.shown + PAGE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (mine !== sequence) return;
    for (const d of data) list.append(item(d, current.query));
    current.shown += batch.length;
    more.hidden = current.shown >= current.results.length;
  };

  const run = async () => {
    const mine = ++sequence;
    const query = input.value.trim();
    const filters = selectedFilters();
    list.replaceChildren();
    more.hidden = true;
    if (!query && !Object.keys(filters).length) {
      meta.textContent = strings.search_type_to_search;
      if (pagefind) return;
    }
    let pf;
    try {
      if (!pagefind) meta.textContent = strings.search_loading;
      pf = await load();
    } catch (error) {
      meta.textContent = strings.search_error;
      return;
    }
    if (mine !== sequence || (!query && !Object.keys(filters).length)) {
      if (mine === sequence) meta.textContent = strings.search_type_to_search;
      return;
    }
    const search = await find(pf, query, filters);
    if (mine !== sequence || !search) return;
    current = { results: search.results, shown: 0, query };
    meta.textContent = search.results.length ? count(search.results.length) : strings.search_no_results;
    await showMore();
  };

  let timer = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  };

  /* --- keyboard and opening ----------------------------------------------- */

  const links = () => Array.from(list.querySelectorAll(".md-search-result__link"));
  const open = () => {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    load().catch(() => { meta.textContent = strings.search_error; });
  };
  const close = () => {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  };

  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  input.addEventListener("focus", () => { if (!toggle.checked) open(); });
  input.addEventListener("input", schedule);
  for (const select of Object.values(selects)) select.addEventListener("change", run);
  more.addEventListener("click", showMore);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { input.focus(); run(); }));

  /* Arrows move the focus between the field and the results (as in mkdocs-material's search), Enter
     follows the focused result (or the first one, from the field), typing goes back to the field. */
  box.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length || event.target instanceof HTMLSelectElement) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
      if (next < 0 || next >= all.length) input.focus();
      else all[next].focus();
    } else if (event.key === "Enter" && event.target === input) {
      event.preventDefault();
      if (all.length) window.location.href = all[0].href;
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (at >= 0 && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.checked) {
      close();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    if (target instanceof Node && box.contains(target)) return;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "S" || event.key === "f") {
      event.preventDefault();
      open();
    }
  });

  /* A link such as ../?q=网格&type=story opens the search with those words and filters. */
  const params = new URLSearchParams(window.location.search);
  if (params.has("q") || FILTERS.some((name) => params.has(name))) {
    input.value = params.get("q") || "";
    for (const name of FILTERS) if (params.has(name)) selects[name].dataset.wanted = params.get(name);
    if (FILTERS.some((name) => params.has(name))) filterBox.open = true;
    open();
    load().then(run, () => { meta.textContent = strings.search_error; });
  }

  /** For tests and benchmarks: the addresses (relative to the site root) the box would list. */
  const urls = async (query, filters = {}) => {
    const search = await find(await load(), query, filters);
    const data = await Promise.all(search.results.map((r) => r.data()));
    return data.map((d) => d.url.replace(/^\//, ""));
  };
  window.cgSearch = { pagefindQuery, urls };
})();
