/* 适老化 — read-aloud: the page's title and main text spoken by the browser's own speechSynthesis
   (no outside service). The controls come from <template data-cg-readaloud> (partials/cg-elderly.html)
   and are put under the page's h1 only where the browser has a voice for the page's language; the
   voice list may arrive late, so `voiceschanged` is listened to. Reading stops when the page is left. */
(() => {
  const synth = window.speechSynthesis;
  const template = document.querySelector("template[data-cg-readaloud]");
  const main = document.querySelector(".md-content__inner");
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function" || !template || !main) return;

  /* The page's language (html lang) → the speech languages that read it, best first. */
  const HANS = ["zh-cn", "cmn-cn", "zh-hans", "zh-sg", "cmn-hans"];
  const SPEECH = {
    zh: HANS,  // the Simplified edition's pages say lang="zh"
    "zh-hans": HANS,
    "zh-cn": HANS,
    "zh-hant": ["zh-hk", "zh-tw", "yue-hk", "cmn-tw", "zh-hant", "cmn-hant", "yue"],
    en: ["en-gb", "en-us", "en"],
  };
  const pageLang = (document.documentElement.lang || "zh-Hans").toLowerCase();
  const wanted = SPEECH[pageLang] || SPEECH[pageLang.split("-")[0]] || [pageLang];
  const norm = (tag) => String(tag || "").replace(/_/g, "-").toLowerCase();
  const findVoice = () => {
    const voices = synth.getVoices() || [];
    for (const want of wanted) {
      const voice = voices.find((v) => norm(v.lang) === want || norm(v.lang).startsWith(want + "-"));
      if (voice) return voice;
    }
    return null;
  };

  /* What is read: blocks of the main text in reading order, never controls, hidden text or navigation. */
  const BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, blockquote, pre";
  const SKIP = "nav, script, style, template, noscript, button, [hidden], [aria-hidden='true'], .cg-readaloud, "
    + ".headerlink, .cg-visually-hidden, .cg-sr-only, .md-source-file, form";
  const mainText = () => [...main.querySelectorAll(BLOCKS)]
    .filter((el) => !el.closest(SKIP) && !el.querySelector(BLOCKS) && el.getClientRects().length > 0)
    .map((el) => el.innerText.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  /* Long blocks are cut after a sentence: some engines stop an utterance after about fifteen seconds.
     A sentence longer than that is cut after a comma, then between words, then anywhere. */
  const LONGEST = 160;
  const split = (sentence) => {
    if (sentence.length <= LONGEST) return [sentence];
    const parts = sentence.match(/[^，、,：:]+[，、,：:]*\s*/g) || [sentence];
    return parts.flatMap((part) => part.length <= LONGEST ? [part]
      : part.match(new RegExp(`.{1,${LONGEST}}(\\s+|$)|.{1,${LONGEST}}`, "g")) || [part]);
  };
  const pieces = (text) => (text.match(/[^。！？!?.;；]+[。！？!?.;；]*\s*/g) || [text])
    .flatMap(split)
    .reduce((out, s) => {
      if (out.length && (out[out.length - 1] + s).length <= LONGEST) out[out.length - 1] += s; else out.push(s);
      return out;
    }, [])
    .map((s) => s.trim()).filter(Boolean);

  let box = null;
  let state = "idle";  // idle | speaking | paused
  let run = 0;

  const show = (next) => {
    state = next;
    const toggle = box.querySelector("[data-cg-read]");
    const label = toggle.dataset[next === "speaking" ? "pause" : next === "paused" ? "resume" : "start"];
    toggle.querySelector("span").textContent = label;
    toggle.setAttribute("aria-pressed", String(next === "speaking"));
    box.querySelector("[data-cg-read-stop]").hidden = next === "idle";
  };

  const stop = () => {
    run += 1;
    synth.cancel();
    if (box) show("idle");
  };

  const start = () => {
    const voice = findVoice();
    if (!voice) return;
    stop();
    const mine = run;
    const queue = mainText().flatMap(pieces);
    queue.forEach((text, i) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = voice.lang.replace(/_/g, "-");
      utterance.voice = voice;
      utterance.rate = 0.9;  // a little slower than the engine's default, for older listeners
      if (i === queue.length - 1) utterance.onend = () => { if (run === mine) show("idle"); };
      utterance.onerror = () => { if (run === mine && i === queue.length - 1) show("idle"); };
      synth.speak(utterance);
    });
    show(queue.length ? "speaking" : "idle");
  };

  const place = () => {
    if (box || !findVoice()) return;
    box = template.content.firstElementChild.cloneNode(true);
    const h1 = main.querySelector("h1");
    if (h1) h1.after(box); else main.prepend(box);
    box.querySelector("[data-cg-read]").addEventListener("click", () => {
      if (state === "speaking") { synth.pause(); show("paused"); }
      else if (state === "paused") { synth.resume(); show("speaking"); }
      else start();
    });
    box.querySelector("[data-cg-read-stop]").addEventListener("click", () => {
      stop();
      box.querySelector("[data-cg-read]").focus();
    });
    document.addEventListener("keydown", (event) => { if (event.key === "Escape" && state !== "idle") stop(); });
  };

  synth.cancel();  // nothing read on from the page before
  place();
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", place);
  window.addEventListener("pagehide", () => synth.cancel());
})();
