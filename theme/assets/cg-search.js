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
  const hint = box.querySelector(".cg-search__hint");
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

  /** The query Pagefind is given: `folded`, its Chinese runs become gram words, other words stay; brackets,
   * dashes and other marks between words (〔2022〕, 020-12345678, No. 35) are spaces, so each part is a word
   * Pagefind has indexed on its own. Quotation marks stay (a phrase). */
  const pagefindQuery = (query) => joined(folded(query)).replace(CJK, (run) => ` ${runWords(run).join(" ")} `)
    .replace(/[^\p{L}\p{N}\s"]/gu, " ").replace(/\s+/g, " ").trim();

  /** Text with the marks inside a Latin word dropped, as Pagefind drops them when it indexes the word (index.py
   * `joined`): a.m. → am., building's and building’s → buildings, twenty-one → twentyone, 12:40 → 1240. Only a
   * mark between two letters, or a dot or colon between two digits: 020-12345678 and COVID-19 stay two words each
   * (Pagefind indexes a hyphenated word's parts as well). */
  const INSIDE_WORD = /(?<=[A-Za-z\u00c0-\u024f])['.\u2018\u2019\u02bc\u2010\u2011-](?=[A-Za-z\u00c0-\u024f])|(?<=[0-9])[.:](?=[0-9])/g;
  const joined = (text) => text.replace(INSIDE_WORD, "");

  /** The words a query is checked and title-matched by: its pair gram words and its words of letters or digits
   * (lower case); a single character's gram word (a prefix) is not among them. */
  const FULL_GRAM = new RegExp(`^${GRAM_PREFIX}[${LETTERS}]{8}$`);
  const SINGLE_GRAM = new RegExp(`^${GRAM_PREFIX}[${LETTERS}]{4}$`);
  const queryWords = (term) => [...new Set(term.split(" ").flatMap((token) => (FULL_GRAM.test(token) ? [token]
    : SINGLE_GRAM.test(token) ? [] : (token.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []))))];

  /** Whether some word of the query is in no page at all: a pair, a Latin word (after stemming), a number.
   * Pagefind answers a word it does not have with its nearest neighbours in the index (发展 would find 发来,
   * a number other numbers, a misspelt word near words); an exact search for each word tells us first. */
  const exactly = (pf, word) => pf.search(`"${word}"`);
  const lacksWord = async (pf, term) => {
    const found = await Promise.all(queryWords(term).map((w) => exactly(pf, w).then((s) => s.results.length > 0)));
    return found.includes(false);
  };

  /** A page's title words are indexed with `TITLE_MARK` appended (index.py `title_markers`); a Latin word is
   * matched in its forms with and without a plural ending. */
  const TITLE_MARK = "qx";
  /** For each word of the query (`queryWords`), the pages whose title holds it; null when there is no word. */
  const titleSets = async (pf, term) => {
    const words = queryWords(term);
    if (!words.length) return null;
    const forms = (w) => (FULL_GRAM.test(w) || /^\p{N}+$/u.test(w) ? [w]
      : [...new Set([w, `${w}s`, `${w}es`, w.replace(/e?s$/, "")])].filter(Boolean));
    const pagesOf = async (w) => new Set((await Promise.all(forms(w).map((f) => exactly(pf, f + TITLE_MARK))))
      .flatMap((s) => s.results.map((r) => r.id)));
    return Promise.all(words.map(pagesOf));
  };
  /** The results with the pages whose title holds every word (`titleSets`) first, each part in Pagefind's order. */
  const titleFirst = (search, sets) => {
    if (!sets || search.results.length < 2) return search;
    const titled = (r) => sets.every((set) => set.has(r.id));
    return { ...search, results: [...search.results.filter(titled), ...search.results.filter((r) => !titled(r))] };
  };

  /** Pagefind's results for the reader's words and filters, title matches first; filters alone list newest
   * first. The check for missing words, the search and the title look-ups go to Pagefind at once. */
  const find = async (pf, query, filters) => {
    if (HAS_CJK.test(query.normalize("NFKC"))) await loadFold();
    const term = query ? pagefindQuery(query) : null;
    const [lacking, search, sets] = await Promise.all([term ? lacksWord(pf, term) : false,
      pf.search(term, query ? { filters } : { filters, sort: { date: "desc" } }), term ? titleSets(pf, term) : null]);
    if (lacking) return { results: [] };
    return titleFirst(search, sets);
  };

  /* --- forgiving input: the same folding and aids as generator/search/forgiving.py --- */

  /** Marks dropped between two Chinese characters (forgiving.py `_INSIDE_PHRASE`): “社区”防控 is 社区防控. */
  const INSIDE_PHRASE = new RegExp("(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
    + "[\"'()<>\\[\\]{}\u00b7\u2010-\u2015\u2018-\u201f\u2026\u2027\u3001\u3008-\u3011\u3014-\u301f\u30fb]+"
    + "(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])", "g");
  const variants = new Map(); /* a character → its variant class's representative, once `loadFold` is done */

  /** Text as the index folds it: NFKC (ｇｒｉｄ → grid), marks inside a Chinese phrase dropped, variants folded. */
  const folded = (text) => Array.from(text.normalize("NFKC").replace(INSIDE_PHRASE, ""),
    (c) => variants.get(c) || c).join("");

  /** The list of the aid files (pagefind/cg-forgiving.json), or null when there is none. */
  let aids = null;
  const loadAids = () => {
    if (!aids) {
      aids = fetch(new URL("pagefind/cg-forgiving.json", root), { cache: "no-cache" })
        .then((r) => (r.ok ? r.json() : null)).catch(() => null);
    }
    return aids;
  };
  const aidFiles = new Map();
  const aidFile = (name) => {
    if (!aidFiles.has(name)) {
      aidFiles.set(name, fetch(new URL(`pagefind/${name}`, root)).then((r) => (r.ok ? r.json() : null))
        .catch(() => null));
    }
    return aidFiles.get(name);
  };
  /** This edition's aids (keyed as Pagefind keys its languages). */
  const LANG = document.documentElement.lang.toLowerCase();
  const languageAids = async () => {
    const all = await loadAids();
    return all ? all.languages[LANG] || all.languages[LANG.split("-")[0]] || null : null;
  };

  let folding = null;
  /** The variant classes, loaded with the first Chinese query: each class its representative then the others. */
  const loadFold = () => {
    if (!folding) {
      folding = loadAids().then((all) => (all ? aidFile(all.fold) : null)).then((table) => {
        for (const group of (table || "").split(" ")) {
          const [rep, ...others] = Array.from(group);
          for (const c of others) variants.set(c, rep);
        }
      });
    }
    return folding;
  };

  /** Whether two different words are one edit apart: a letter changed, added or dropped, or two swapped. */
  const oneEdit = (a, b) => {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1)
        || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  };

  const MIN_FUZZY = 5; /* forgiving.py `_LATIN`: only words this long are corrected */
  /** The edition's Latin words of one length, most frequent first (none when the site has none). */
  const wordsOf = async (lang, length) => {
    const name = lang.words[String(length)];
    const text = name ? await aidFile(name) : null;
    return text ? text.split(" ") : [];
  };

  /** The query's Latin words of five letters or more. */
  const longWords = (query) => [...new Set(joined(query.normalize("NFKC")).match(/[A-Za-z]+/g) || [])]
    .filter((t) => t.length >= MIN_FUZZY);

  /** The query's long Latin words that no page holds (stemmed as Pagefind stems them: an exact search for the
   * word alone finds nothing), whatever Pagefind answers for the whole query. */
  const absentWords = async (pf, query) => {
    const words = longWords(query);
    const found = await Promise.all(words.map((w) => pf.search(`"${w}"`).then((s) => s.results.length > 0)));
    return words.filter((_, i) => !found[i]);
  };

  /** The query with each of `tokens` (its long Latin words) that the site does not have replaced by the site's
   * most frequent word one edit away; null when no word changes. */
  const corrected = async (query, tokens) => {
    const lang = await languageAids();
    const normal = joined(query.normalize("NFKC"));
    if (!lang || !tokens.length) return null;
    let result = normal;
    let changed = false;
    for (const token of tokens) {
      const word = token.toLowerCase();
      const [same, shorter, longer] = await Promise.all([0, -1, 1].map((step) => (
        word.length + step >= MIN_FUZZY ? wordsOf(lang, word.length + step) : [])));
      if (same.includes(word)) continue;
      const best = [same, shorter, longer].map((words) => words.find((w) => oneEdit(word, w))).find(Boolean);
      if (!best) continue;
      result = result.replace(new RegExp(`(?<![A-Za-z])${token}(?![A-Za-z])`, "g"), best);
      changed = true;
    }
    return changed ? result : null;
  };

  const MAX_READINGS = 16; /* forgiving.py `MAX_READINGS` */
  /** The shard of a reading: FNV-1a of its ASCII (forgiving.py `key_shard`). */
  const keyShard = (key, shards) => {
    let value = 0x811c9dc5;
    for (let i = 0; i < key.length; i += 1) value = Math.imul(value ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return value % shards;
  };

  /** A name or title of the site that reads like a Chinese query that found nothing, but for one character
   * (陈小丽 → 陈晓丽); null when there is none. */
  const soundsLike = async (query) => {
    const phrase = Array.from(folded(query).trim());
    if (phrase.length < 2 || phrase.length > 12 || !phrase.every((c) => HAS_CJK.test(c))) return null;
    const [all, lang] = await Promise.all([loadAids(), languageAids()]);
    if (!all || !all.pinyin || !lang || !lang.names) return null;
    const table = await aidFile(all.pinyin);
    if (!table) return null;
    const readingsOf = new Map();
    for (const [syllable, chars] of Object.entries(table)) {
      for (const c of chars) readingsOf.set(c, [...(readingsOf.get(c) || []), syllable]);
    }
    const options = phrase.map((c) => readingsOf.get(c) || []);
    if (options.some((o) => !o.length)) return null;
    let readings = [[]];
    for (const option of options) readings = readings.flatMap((r) => option.map((s) => [...r, s]));
    for (const key of readings.slice(0, MAX_READINGS).map((r) => r.join(" "))) {
      const shard = await aidFile(lang.names[keyShard(key, lang.names.length)]);
      for (const written of (shard && shard[key]) || []) {
        const chars = Array.from(folded(written));
        if (chars.filter((c, i) => c !== phrase[i]).length === 1) return written;
      }
    }
    return null;
  };

  /** What the box shows for a query: Pagefind's results; when there are none or a long Latin word is on no page,
   * those of the query with its Latin words corrected (`corrected`), or else a name or title it sounds like
   * (`soundsLike`). */
  const answer = async (pf, query, filters) => {
    const [search, absent] = await Promise.all([find(pf, query, filters), query ? absentWords(pf, query) : []]);
    if (!query || (search.results.length && !absent.length)) return { search };
    const fixed = await corrected(query, search.results.length ? absent : longWords(query));
    if (fixed) {
      const again = await find(pf, fixed, filters);
      if (again.results.length) return { search: again, corrected: fixed };
    }
    return { search, suggestion: await soundsLike(query) };
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
  const FILTER_ORDER = ["story", "worker", "guide", "policy", "city", "award", "honours"]; /* facets.py ContentType */

  /* --- results ------------------------------------------------------------ */

  /* Every value goes into the page as text (textContent, text nodes), never as markup: a page's text, its
     title and Pagefind's excerpts may hold `<script` or `onerror=` as words. A highlighted text is a list of
     [text, marked] parts; marked parts become <mark> elements whose text is set as text. */

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  /** `text` folded as `folded` folds it and in lower case, character by character, with where in `text` each
   * unit of the result starts and ends: a Simplified query then marks the Traditional words of an excerpt. */
  const foldedPlaces = (text) => {
    let out = "";
    const starts = [];
    const ends = [];
    let at = 0;
    for (const c of text) {
      const one = Array.from(c.normalize("NFKC"), (x) => variants.get(x) || x).join("").toLowerCase();
      for (let k = 0; k < one.length; k += 1) {
        starts.push(at);
        ends.push(at + c.length);
      }
      out += one;
      at += c.length;
    }
    return { out, starts, ends };
  };

  /** An excerpt around the first place the query occurs, for Chinese queries (Pagefind's would show gram words)
   * and on Chinese pages (Pagefind counts a Chinese run between spaces as one word, so its excerpts run long).
   * Text and query are compared folded (`foldedPlaces`), so either script, width or variant marks the words. */
  const excerpt = (content, query) => {
    const text = content.split(MARK)[0].replace(/\s+/g, " ");
    const plain = folded(query).toLowerCase();
    const needles = [];
    for (const run of plain.match(CJK) || []) {
      needles.push(run);
      const chars = Array.from(run);
      for (let i = 0; i < chars.length - 1; i += 1) needles.push(chars[i] + chars[i + 1]);
    }
    for (const word of plain.replace(CJK, " ").split(/\s+/)) if (word) needles.push(word);
    const { out, starts, ends } = foldedPlaces(text);
    const marks = [];
    if (needles.length) {
      const pattern = new RegExp(needles.sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
      for (const match of out.matchAll(pattern)) {
        if (match[0]) marks.push([starts[match.index], ends[match.index + match[0].length - 1]]);
      }
    }
    const start = Math.max(0, (marks.length ? marks[0][0] : 0) - 20);
    const stop = Math.min(text.length, start + 90);
    const parts = start > 0 ? [["…", false]] : [];
    let at = start;
    for (const [from, to] of marks) {
      if (to <= at || from >= stop) continue;
      if (from > at) parts.push([text.slice(at, from), false]);
      parts.push([text.slice(Math.max(from, at), Math.min(to, stop)), true]);
      at = Math.min(to, stop);
    }
    if (at < stop) parts.push([text.slice(at, stop), false]);
    if (stop < text.length) parts.push(["…", false]);
    return parts;
  };

  /** Pagefind's excerpt as parts. Pagefind writes the page's words with `<` and `>` as `&lt;` and `&gt;` and
   * wraps the words found in <mark>…</mark>: the text is split on those marks, the two escapes are undone, and
   * anything else in it stays text. */
  const PAGEFIND_MARK = /<mark>([\s\S]*?)<\/mark>/;
  const pagefindExcerpt = (html) => html.split(PAGEFIND_MARK)
    .map((part, i) => [part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"), i % 2 === 1]);

  /** Whether Pagefind found the words only after the page text (in a facts list's values or the gram words): its
   * excerpt would show those, so the box cuts one from the text (`excerpt`). */
  const beyondText = (data) => {
    const words = data.content.split(MARK)[0].split(/\s+/).filter(Boolean).length;
    return (data.locations || []).every((at) => at >= words) || (data.excerpt || "").includes(MARK);
  };

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
    else if (beyondText(data)) summary = excerpt(data.content, query);
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
    hint.hidden = true;
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
    const { search, corrected: fixed, suggestion } = await answer(pf, query, filters);
    if (mine !== sequence || !search) return;
    current = { results: search.results, shown: 0, query: fixed || query };
    meta.textContent = search.results.length ? count(search.results.length) : strings.search_no_results;
    suggest(fixed, suggestion);
    await showMore();
  };

  /** Below the count: the corrected query whose results are shown, or a name or title to search instead. */
  const suggest = (fixed, suggestion) => {
    hint.replaceChildren();
    hint.hidden = !fixed && !suggestion;
    if (fixed) hint.textContent = strings.search_showing_for.replace("{q}", fixed);
    if (suggestion) {
      const button = element("button", "cg-search__suggestion", suggestion);
      button.type = "button";
      button.addEventListener("click", () => {
        input.value = suggestion;
        input.focus();
        run();
      });
      hint.append(strings.search_did_you_mean, button);
    }
  };

  /** Quiet time after a keystroke before the box searches: short, as a search costs tens of milliseconds and a
   * newer keystroke drops the older run's results (`sequence`); docs/search.md has the measured times. */
  const DEBOUNCE_MS = 70;
  let timer = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
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
  const urls = async (query, filters = {}, forgiving = true) => (await answered(query, filters, forgiving)).urls;
  /** For tests: the addresses, the corrected query whose results they are, and the name or title suggested;
   * with `forgiving` false, Pagefind's answer alone. */
  const answered = async (query, filters = {}, forgiving = true) => {
    const pf = await load();
    const { search, corrected: fixed = null, suggestion = null } = forgiving ? await answer(pf, query, filters)
      : { search: await find(pf, query, filters) };
    const data = await Promise.all(search.results.map((r) => r.data()));
    return { urls: data.map((d) => d.url.replace(/^\//, "")), corrected: fixed, suggestion };
  };
  /** For tests: the titles of the pages the box would list, in its order. */
  const titles = async (query) => {
    const { search } = await answer(await load(), query, {});
    return (await Promise.all(search.results.map((r) => r.data()))).map((d) => d.meta.title || "");
  };
  window.cgSearch = { pagefindQuery, urls, answered, titles, folded: async (text) => { await loadFold(); return folded(text); } };
})();
