// dossier search: runs in the browser, offline, and from file:// too.
//
// The index is a set of scripts under search/ (written by src/share/search/),
// loaded with <script> elements because a page opened from file:// may not
// fetch files. Each calls dossierSearch.manifest() or dossierSearch.add() with
// one JSON literal. A query loads only what it needs:
//
// - search/index.js, the manifest: the first term of every term shard;
// - the term shards of its words (search/t/…), with each term's postings (the
//   passages that hold it) or, for a long list, where its pieces are;
// - pieces of long lists (search/p/…), newest items first, as many as the
//   results need; every piece stays reachable with "Show more results";
// - for a prefix of one letter, or of a few that start too many words to load,
//   the names shards (search/n/…), which complete it from entities' names and
//   summaries' titles;
// - the doc files (search/d/…) of the results shown: titles, links, texts.
//
// The index holds untrusted source text: results are built with DOM methods
// and textContent only.
(function () {
  'use strict';

  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  const region = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  if (!form || !input || !region || !more) return;

  const root = form.dataset.root || '';
  // In the single-file bundle (src/share/bundle.rs) every index file is a JSON
  // block in the page, and the query is in the route, #/search.html?q=…
  const bundle = window.dossierBundle || null;
  const MANIFEST = form.dataset.index || 'search/index.js';
  const PAGE_SIZE = 20;
  const MAX_WORDS = 8;
  // Pieces of long posting lists loaded before the first results count as
  // final, and at most per step (a step: a query, or "Show more").
  const EAGER_PIECES = 6;
  const STEP_PIECES = 64;
  const SNIPPET_CHARS = 240;
  const KIND_LABELS = {
    person: 'Person', model: 'Model', company: 'Company', summary: 'Summary', source: 'Source', claim: 'Claim',
  };
  // By match quality: 1 the start of a word, 2 a whole word; +2 in a title or name.
  const QUALITY_WEIGHT = [0, 1, 1.5, 4, 6];
  // Page paths as src/urls.rs writes them; anything else is not linked.
  const SAFE_HREF = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*\.html$/;
  const SAFE_FILE = /^search\/([tnp]\/[0-9a-f]{16}(-[0-9a-z]+)?|d\/[0-9]+-[0-9a-z]+)\.js$/;
  const PASSAGES = 1048576; // 2^20: a document's key is item * PASSAGES + passage

  // ------------------------------------------------------------ words

  // The same rules as src/share/search/text.rs: letters and digits, lowercased,
  // accents dropped; Chinese and Japanese characters in runs, looked up by
  // their pairs (a run of one by its character).
  const CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  const MARK = /\p{M}/u;
  const ALNUM = /[\p{Alphabetic}\p{N}]/u;

  /**
   * The words and CJK characters of `text`, each with where it is ([start,
   * end) in UTF-16 units); CJK characters carry the number of their run.
   */
  function wordSpans(text) {
    const spans = [];
    let word = '';
    let start = 0;
    let run = 0;
    let inRun = false;
    const flush = (end) => {
      if (word) spans.push({ word, start, end, cjk: false });
      word = '';
    };
    const breakRun = () => {
      if (inRun) run += 1;
      inRun = false;
    };
    let at = 0;
    for (const ch of text) {
      const here = at;
      at += ch.length;
      const code = ch.charCodeAt(0);
      if (code < 128) {
        breakRun();
        if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) {
          if (!word) start = here;
          word += ch;
        } else if (code >= 65 && code <= 90) {
          if (!word) start = here;
          word += String.fromCharCode(code + 32);
        } else {
          flush(here);
        }
        continue;
      }
      for (const d of ch.normalize('NFD')) {
        if (MARK.test(d)) {
          // An accent: dropped, and the word goes on.
        } else if (CJK.test(d)) {
          flush(here);
          inRun = true;
          spans.push({ word: d, start: here, end: at, cjk: true, run });
        } else {
          breakRun();
          if (ALNUM.test(d)) {
            if (!word) start = here;
            word += d.toLowerCase();
          } else {
            flush(here);
          }
        }
      }
    }
    flush(at);
    return spans;
  }

  /** The terms a query of `text` looks up, in order, and its CJK runs as written. */
  function queryTerms(text) {
    const terms = [];
    const runs = [];
    const spans = wordSpans(text);
    for (let i = 0; i < spans.length;) {
      const s = spans[i];
      if (!s.cjk) {
        terms.push({ term: s.word, cjk: false });
        i += 1;
        continue;
      }
      let j = i;
      while (j < spans.length && spans[j].cjk && spans[j].run === s.run) j += 1;
      const chars = spans.slice(i, j).map((c) => c.word);
      if (chars.length === 1) terms.push({ term: chars[0], cjk: true });
      for (let k = 0; k + 1 < chars.length; k++) terms.push({ term: chars[k] + chars[k + 1], cjk: true });
      runs.push(text.slice(s.start, spans[j - 1].end));
      i = j;
    }
    return { terms, runs };
  }

  /** The query's words: each whole, but the last may be the start of a word. */
  function parseQuery(q) {
    const { terms, runs } = queryTerms(q);
    const seen = new Set();
    const words = [];
    for (const t of terms) {
      if (!seen.has(t.term) && words.length < MAX_WORDS) {
        seen.add(t.term);
        words.push({ word: t.term, cjk: t.cjk, prefix: false });
      }
    }
    const last = words[words.length - 1];
    if (last && !last.cjk && !/\s$/.test(q)) last.prefix = true;
    return { words, runs };
  }

  // ------------------------------------------------------------ loading

  let manifest = null;
  const files = new Map(); // path → Promise of the file's data
  const waiting = new Map(); // path → { resolve, reject }
  const failed = new Set();
  const loadedPaths = []; // every index file loaded, in order (tests read it)

  /** The data of an index file, loaded once. */
  function load(path) {
    let p = files.get(path);
    if (p) return p;
    p = new Promise((resolve, reject) => {
      if (path !== MANIFEST && !SAFE_FILE.test(path)) {
        reject(new Error(`not an index file: ${path}`));
        return;
      }
      if (bundle) {
        const block = document.getElementById(`dossier-search:${path}`);
        try {
          if (!block) throw new Error('missing');
          resolve(JSON.parse(block.textContent));
          loadedPaths.push(path);
        } catch {
          reject(new Error(`${path} is not in the bundle`));
        }
        return;
      }
      waiting.set(path, { resolve, reject });
      const script = document.createElement('script');
      script.src = root + path;
      script.async = true;
      script.onload = () => {
        // The file ran (and called dossierSearch) before this event.
        const w = waiting.get(path);
        if (w) {
          waiting.delete(path);
          w.reject(new Error(`${path} is not an index file`));
        }
      };
      script.onerror = () => {
        waiting.delete(path);
        reject(new Error(`${path} could not be loaded`));
      };
      loadedPaths.push(path);
      document.head.appendChild(script);
    });
    p.catch(() => failed.add(path));
    files.set(path, p);
    return p;
  }

  /** `load`, with a failed file as `fallback`. */
  function loadOr(path, fallback) {
    return load(path).catch(() => fallback);
  }

  const FNV_OFFSET = 0xcbf29ce484222325n;
  const FNV_PRIME = 0x100000001b3n;
  const MASK64 = (1n << 64n) - 1n;
  const encoder = new TextEncoder();
  const hashes = new Map();

  /** FNV-1a of the UTF-8 bytes, as src/share/search/encode.rs computes it, in hex. */
  function fnv64(s) {
    let h = hashes.get(s);
    if (h) return h;
    let x = FNV_OFFSET;
    for (const b of encoder.encode(s)) x = ((x ^ BigInt(b)) * FNV_PRIME) & MASK64;
    h = x.toString(16).padStart(16, '0');
    hashes.set(s, h);
    return h;
  }

  /** The last index of the sorted `firsts` whose entry is not above `w`. */
  function shardIndex(firsts, w) {
    let lo = 0;
    let hi = firsts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (firsts[mid] <= w) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  /** The shards (indexes into `firsts`) that hold `w` and, for a prefix, the words it starts. */
  function shardsOf(firsts, w, prefix) {
    const first = shardIndex(firsts, w);
    const out = [first];
    if (prefix) {
      for (let i = first + 1; i < firsts.length && firsts[i].startsWith(w); i++) out.push(i);
    }
    return out;
  }

  const termPath = (first) => `search/t/${fnv64(first)}.js`;
  const namePath = (first) => `search/n/${fnv64(first)}.js`;
  const piecePath = (term, first) => `search/p/${fnv64(term)}-${first.toString(36)}.js`;

  /** The doc file of item number `n`. */
  function docPath(n) {
    const regions = manifest.regions;
    let r = 0;
    while (r + 1 < regions.length && regions[r + 1][0] <= n) r += 1;
    const group = Math.floor((n - regions[r][0]) / 2 ** regions[r][1]);
    return `search/d/${r}-${group.toString(36)}.js`;
  }

  // ------------------------------------------------------------ postings

  const DIGIT = new Int8Array(128).fill(-1);
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'
    .split('').forEach((c, i) => { DIGIT[c.charCodeAt(0)] = i; });

  /** Reads the numbers of a digit string (src/share/search/encode.rs). */
  function reader(s) {
    let at = 0;
    return {
      more: () => at < s.length,
      next() {
        let value = 0;
        let scale = 1;
        while (at < s.length) {
          const digit = DIGIT[s.charCodeAt(at++)];
          if (digit < 0) break;
          value += (digit & 31) * scale;
          if (digit < 32) return value;
          scale *= 32;
        }
        at = s.length;
        return value;
      },
    };
  }

  /**
   * The passages of a postings string from item `base` on: parallel arrays of
   * item numbers and `passage * 2 + strong`.
   */
  function decodePostings(s, base) {
    const items = [];
    const values = [];
    const r = reader(s);
    let item = base;
    while (r.more()) {
      item += r.next();
      let v = r.next();
      let x = Math.floor(v / 2);
      let passage = Math.floor(x / 2);
      items.push(item);
      values.push(x);
      while (v % 2 === 1 && r.more()) {
        v = r.next();
        passage += Math.floor(v / 2) + 1;
        items.push(item);
        values.push(passage * 2);
      }
    }
    return { items, values };
  }

  /** Entities and summaries a term names: item → codes (name << 8 | place << 4 | count). */
  function decodeCodes(s) {
    const out = new Map();
    if (!s) return out;
    const r = reader(s);
    let item = 0;
    while (r.more()) {
      item += r.next();
      const n = r.next();
      const codes = [];
      for (let i = 0; i < n; i++) codes.push(r.next());
      out.set(item, codes);
    }
    return out;
  }

  /** A term of the query as the index has it, with what is loaded of its postings. */
  function termState(entry, word, nameOnly) {
    const [term, df, postings, codes] = entry;
    const t = {
      term,
      exact: term === word.word,
      df: Number(df) || 0,
      nameOnly,
      codes: decodeCodes(nameOnly ? postings : codes),
      inline: null,
      pieces: null, // first items of the pieces of a long list
      loaded: [], // decoded pieces, in order
      failedPieces: 0,
    };
    if (nameOnly) {
      t.df = t.codes.size;
    } else if (typeof postings === 'string') {
      t.inline = decodePostings(postings, 0);
    } else if (Array.isArray(postings)) {
      t.pieces = postings.map(Number);
    }
    return t;
  }

  /** Items below this number are all known for the term. */
  function coverage(t) {
    if (t.nameOnly || t.inline || !t.pieces) return Infinity;
    const k = t.loaded.length + t.failedPieces;
    return k < t.pieces.length ? t.pieces[k] : Infinity;
  }

  // ------------------------------------------------------------ searching

  /** Loads the shards of the query's words and finds the terms each looks up. */
  async function lookUp(words) {
    const wide = manifest.wide || 4;
    const short = manifest.short || 2;
    const plans = words.map((w) => {
      const shards = shardsOf(manifest.terms, w.word, w.prefix);
      // A prefix too short or too common to look up whole: names and titles complete it.
      const isWide = w.prefix && (shards.length > wide || [...w.word].length < short);
      const paths = (isWide ? [shards[0]] : shards).map((i) => termPath(manifest.terms[i]));
      const names = isWide ? shardsOf(manifest.names, w.word, true).map((i) => namePath(manifest.names[i])) : [];
      return { w, isWide, paths, names };
    });
    const all = plans.flatMap((p) => [...p.paths, ...p.names]);
    await Promise.all(all.map((p) => loadOr(p, null)));
    return Promise.all(plans.map(async ({ w, isWide, paths, names }) => {
      const terms = [];
      const match = (term) => term === w.word || (w.prefix && term.startsWith(w.word));
      for (const p of paths) {
        const data = await loadOr(p, null);
        for (const entry of (data && Array.isArray(data.terms) ? data.terms : [])) {
          const term = entry[0];
          if (isWide ? term === w.word : match(term)) terms.push(termState(entry, w, false));
        }
      }
      for (const p of names) {
        const data = await loadOr(p, null);
        for (const entry of (data && Array.isArray(data.names) ? data.names : [])) {
          if (match(entry[0]) && entry[0] !== w.word) terms.push(termState(entry, w, true));
        }
      }
      return { ...w, isWide, terms };
    }));
  }

  /** Calls `f(key, quality)` for every document a word's loaded terms hold. */
  function eachHit(w, f) {
    for (const t of w.terms) {
      const whole = t.exact ? 2 : 1;
      for (const item of t.codes.keys()) f(item * PASSAGES, whole + 2);
      if (t.nameOnly) continue;
      for (const { items, values } of (t.inline ? [t.inline] : t.loaded)) {
        for (let i = 0; i < items.length; i++) {
          const v = values[i];
          f(items[i] * PASSAGES + Math.floor(v / 2), whole + (v % 2) * 2);
        }
      }
    }
  }

  /** How many documents a word's loaded terms hold, counting repeats. */
  function loadedSize(w) {
    let n = 0;
    for (const t of w.terms) {
      n += t.codes.size;
      if (!t.nameOnly) for (const l of (t.inline ? [t.inline] : t.loaded)) n += l.items.length;
    }
    return n;
  }

  /**
   * The documents that hold every word, within what is loaded, best first:
   * the rarest word's documents, kept while each other word holds them too.
   */
  function evaluate(words) {
    const k = words.length;
    const idf = words.map((w) => Math.log(1 + manifest.docs / (1 + w.terms.reduce((s, t) => s + t.df, 0))));
    const order = words.map((_, j) => j).sort((a, b) => loadedSize(words[a]) - loadedSize(words[b]));
    let scores = new Map();
    eachHit(words[order[0]], (key, q) => {
      const had = scores.get(key);
      if (had === undefined || had < q) scores.set(key, q);
    });
    for (const key of scores.keys()) scores.set(key, idf[order[0]] * QUALITY_WEIGHT[scores.get(key)]);
    for (let o = 1; o < k && scores.size; o++) {
      const j = order[o];
      const best = new Map();
      eachHit(words[j], (key, q) => {
        if (!scores.has(key)) return;
        const had = best.get(key);
        if (had === undefined || had < q) best.set(key, q);
      });
      const next = new Map();
      for (const [key, q] of best) next.set(key, scores.get(key) + idf[j] * QUALITY_WEIGHT[q]);
      scores = next;
    }
    const matched = [];
    for (const [key, score] of scores) {
      const item = Math.floor(key / PASSAGES);
      const passage = key % PASSAGES;
      const bonus = passage === 0 ? nameBonus(words, item) : 0;
      matched.push({ key, item, passage, score: score + bonus, age: age(item) });
    }
    // Equal scores: newer first, the undated last, then in index order.
    matched.sort((a, b) => b.score - a.score || a.age - b.age || a.key - b.key);
    let cover = Infinity;
    for (const w of words) for (const t of w.terms) if (!t.nameOnly) cover = Math.min(cover, coverage(t));
    return { matched, complete: cover === Infinity, cover };
  }

  /** How old an item is, by its number: 0 the newest; the undated last. */
  function age(n) {
    const regions = manifest.regions;
    let r = 0;
    while (r + 1 < regions.length && regions[r + 1][0] <= n) r += 1;
    const [bits, dates] = manifest.dates || [0, 0];
    if (!regions[r][2]) return dates;
    return Math.min(dates, Math.floor((n - regions[r][0]) / 2 ** bits));
  }

  /**
   * The query typed as an entity's whole name or alias: first; as the start
   * of one: next.
   */
  function nameBonus(words, item) {
    const k = words.length;
    const prefix = words[k - 1].prefix;
    // Each word's codes for the item, with whether its term is the word as typed.
    const perWord = words.map((w) => w.terms
      .filter((t) => t.codes.has(item))
      .map((t) => ({ codes: t.codes.get(item), exact: t.exact })));
    if (perWord.some((c) => !c.length)) return 0;
    let full = false;
    let start = false;
    const names = new Set();
    for (const { codes } of perWord[0]) for (const c of codes) names.add(c >> 8);
    for (const n of names) {
      let all = true;
      let whole = true;
      for (let j = 0; j < k && all; j++) {
        const found = perWord[j].flatMap((x) => x.codes
          .filter((c) => c >> 8 === n && ((c >> 4) & 15) === j && (c & 15) >= k)
          .map((c) => ({ exact: x.exact, count: c & 15 })));
        const exact = found.filter((f) => f.exact);
        if (j < k - 1) {
          if (!exact.length) all = false;
        } else if (exact.some((f) => f.count === k)) {
          // The whole name.
        } else if (prefix && found.length) {
          whole = false;
        } else {
          all = false;
        }
      }
      if (all && whole) full = true;
      else if (all) start = true;
    }
    if (full) return 1000;
    return start ? 500 : 0;
  }

  const pieces = new Map(); // path → decoded piece

  /** Loads the next pieces of the lists that hold the results back. */
  async function loadMore(words, cover) {
    const jobs = [];
    for (const w of words) {
      for (const t of w.terms) {
        if (t.nameOnly || !t.pieces || coverage(t) !== cover) continue;
        const k = t.loaded.length + t.failedPieces;
        const first = t.pieces[k];
        const path = piecePath(t.term, first);
        jobs.push(loadOr(path, null).then((data) => {
          if (!pieces.has(path) && data && typeof data.postings === 'string') {
            pieces.set(path, decodePostings(data.postings, first));
          }
          if (pieces.has(path)) t.loaded.push(pieces.get(path));
          else t.failedPieces += 1;
        }));
      }
    }
    await Promise.all(jobs);
    return jobs.length;
  }

  /** The doc files of the items shown, by item number. */
  async function docsOf(items) {
    const paths = [...new Set(items.map(docPath))];
    const docs = new Map();
    for (const data of await Promise.all(paths.map((p) => loadOr(p, null)))) {
      for (const d of (data && Array.isArray(data.docs) ? data.docs : [])) docs.set(d.n, d);
    }
    return docs;
  }

  // ------------------------------------------------------------ results

  const JOINERS = /^[-\u2010\u2011]$/;

  /** The stretches of `text` that match the query, in order, not overlapping. */
  function matches(text, query) {
    const ranges = [];
    for (const s of wordSpans(text)) {
      if (s.cjk) continue;
      if (query.words.some((q) => !q.cjk && (s.word === q.word || (q.prefix && s.word.startsWith(q.word))))) {
        ranges.push([s.start, s.end]);
      }
    }
    for (const run of query.runs) {
      for (let at = text.indexOf(run); at >= 0 && run; at = text.indexOf(run, at + run.length)) {
        ranges.push([at, at + run.length]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const out = [];
    for (const r of ranges) {
      const last = out[out.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push(r);
    }
    return out;
  }

  /** Appends `text` to `parent`, the stretches that match in <mark>. */
  function appendMarked(parent, text, query) {
    let last = 0;
    let open = null; // the <mark> being extended over adjacent matches
    for (const [start, end] of matches(text, query)) {
      const gap = text.slice(last, start);
      // Matches joined by nothing or a hyphen (e-mail) are one mark.
      if (open && (gap === '' || JOINERS.test(gap))) {
        open.textContent += gap + text.slice(start, end);
      } else {
        if (gap) parent.appendChild(document.createTextNode(gap));
        open = document.createElement('mark');
        open.textContent = text.slice(start, end);
        parent.appendChild(open);
      }
      last = end;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** A stretch of `text` around its first match, cut at words. */
  function excerpt(text, query) {
    if (text.length <= SNIPPET_CHARS) return text;
    const first = matches(text, query)[0];
    // From the start when the first match shows there; else from a little before it.
    let start = first && first[1] > SNIPPET_CHARS * 0.7 ? first[0] - 60 : 0;
    if (start > 0) {
      const next = wordSpans(text).find((s) => s.start >= start);
      start = next ? next.start : start;
    }
    let end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) {
      const cut = text.lastIndexOf(' ', end);
      if (cut > start + SNIPPET_CHARS / 2) end = cut;
    }
    let body = text.slice(start, end).trim();
    if (end < text.length) body = `${body.replace(/[\s\p{P}]+$/u, '')}…`;
    return (start > 0 ? '…' : '') + body;
  }

  function hitElement(hit, doc, query, number) {
    const kind = (manifest.kinds && manifest.kinds[doc.k]) || 'source';
    const paragraph = hit.passage;
    const li = document.createElement('li');
    li.className = `hit hit-${kind}`;
    li.dataset.item = String(hit.item);

    const heading = document.createElement('p');
    heading.className = 'hit-title';
    const href = SAFE_HREF.test(doc.h) ? root + doc.h + (paragraph ? `#p${paragraph}` : '') : null;
    const link = document.createElement(href ? 'a' : 'span');
    if (href) link.href = href;
    link.className = 'hit-link';
    link.dataset.hit = String(number);
    appendMarked(link, String(doc.t || ''), query);
    if (paragraph) {
      const where = document.createElement('span');
      where.className = 'hit-paragraph';
      where.textContent = `, ¶${paragraph}`;
      link.appendChild(where);
    }
    heading.appendChild(link);
    li.appendChild(heading);

    const meta = document.createElement('p');
    meta.className = 'hit-meta';
    const label = document.createElement('span');
    label.className = `hit-kind ${kind}`;
    label.textContent = KIND_LABELS[kind] || kind;
    meta.appendChild(label);
    if (doc.m) meta.appendChild(document.createTextNode(` · ${doc.m}`));
    const aliases = (Array.isArray(doc.a) ? doc.a : []).map(String).filter((a) => matches(a, query).length);
    if (aliases.length) {
      meta.appendChild(document.createTextNode(' · also '));
      aliases.forEach((a, i) => {
        if (i) meta.appendChild(document.createTextNode(', '));
        appendMarked(meta, a, query);
      });
    }
    li.appendChild(meta);

    const paragraphs = Array.isArray(doc.p) ? doc.p : [];
    const text = String((paragraph ? paragraphs[paragraph - 1] : doc.x || paragraphs[0]) || '');
    if (text) {
      const snippet = document.createElement('p');
      snippet.className = 'hit-snippet';
      appendMarked(snippet, excerpt(text, query), query);
      li.appendChild(snippet);
    }
    return li;
  }

  // ------------------------------------------------------------ the page

  let shown = PAGE_SIZE;
  let lastQuery = null;
  let generation = 0;
  let current = null; // the query being shown: its words and what is loaded

  function failureNote() {
    return failed.size ? ` Part of the index could not be loaded (${failed.size} file${failed.size === 1 ? '' : 's'}).` : '';
  }

  function settle(q, total) {
    form.dataset.query = q;
    form.dataset.results = String(total);
    form.dataset.loaded = 'true';
    region.setAttribute('aria-busy', 'false');
  }

  /** Shows the results of `q`, loading what they need; a newer query stops it. */
  async function show(q) {
    const gen = ++generation;
    const stale = () => gen !== generation;
    form.dataset.loaded = 'false';
    region.setAttribute('aria-busy', 'true');
    more.hidden = true;
    const query = parseQuery(q);
    if (!query.words.length) {
      current = null;
      region.replaceChildren();
      if (failed.size) {
        const note = document.createElement('p');
        note.className = 'search-summary';
        note.textContent = failureNote().trim();
        region.appendChild(note);
      }
      settle(q, 0);
      return;
    }
    if (!manifest) {
      try {
        manifest = await load(MANIFEST);
      } catch {
        manifest = null;
      }
      if (stale()) return;
      if (!manifest || !Array.isArray(manifest.terms)) {
        const note = document.createElement('p');
        note.className = 'search-summary';
        note.textContent = 'The search index could not be loaded.';
        region.replaceChildren(note);
        settle(q, 0);
        return;
      }
    }
    if (!current || current.q !== q) {
      const words = await lookUp(query.words);
      if (stale()) return;
      current = { q, words, pieces: 0 };
    }
    const { words } = current;
    let result = { matched: [], complete: true };
    if (words.every((w) => w.terms.length)) {
      let steps = 0;
      for (;;) {
        result = evaluate(words);
        if (result.complete) break;
        if (result.matched.length >= shown && current.pieces >= EAGER_PIECES) break;
        if (steps >= STEP_PIECES) break;
        const n = await loadMore(words, result.cover);
        if (stale()) return;
        if (!n) break;
        current.pieces += n;
        steps += n;
      }
    }
    const hits = result.matched.slice(0, shown);
    const docs = await docsOf(hits.map((h) => h.item));
    if (stale()) return;
    render(q, query, result, hits, docs);
  }

  function render(q, query, result, hits, docs) {
    const total = result.matched.length;
    region.replaceChildren();
    const summary = document.createElement('p');
    summary.className = 'search-summary';
    const wide = current.words.some((w) => w.isWide);
    if (!total) {
      summary.textContent = `No results for “${q.trim()}”.`;
    } else {
      const count = result.complete ? `${total}` : `${total} or more`;
      summary.textContent = `${count} result${total === 1 ? '' : 's'} for “${q.trim()}”${total > hits.length || !result.complete ? `, the first ${hits.length} shown` : ''}.`;
    }
    if (wide) summary.textContent += ' Names and titles only: type more letters to search the text too.';
    summary.textContent += failureNote();
    region.appendChild(summary);
    if (hits.length) {
      const list = document.createElement('ol');
      list.className = 'hits';
      hits.forEach((h, i) => {
        const doc = docs.get(h.item);
        if (doc) list.appendChild(hitElement(h, doc, query, i));
      });
      region.appendChild(list);
    }
    more.hidden = total <= hits.length && result.complete;
    settle(q, total);
  }

  function run() {
    const q = input.value;
    if (q !== lastQuery) shown = PAGE_SIZE;
    lastQuery = q;
    show(q);
  }

  window.dossierSearch = {
    manifest(m) {
      const w = waiting.get(MANIFEST);
      if (w) {
        waiting.delete(MANIFEST);
        if (m && typeof m === 'object') w.resolve(m);
        else w.reject(new Error('not a manifest'));
      }
    },
    add(data) {
      const path = data && typeof data.path === 'string' ? data.path : '';
      const w = waiting.get(path);
      if (w) {
        waiting.delete(path);
        w.resolve(data);
      }
    },
    /** The terms of a text as a query looks them up (tests compare them with src/share/search/text.rs). */
    words: (text) => queryTerms(String(text)).terms.map((t) => t.term),
    /** Every index file loaded so far, in order. */
    loaded: () => loadedPaths.slice(),
  };

  /** Keeps the query in the address, so back and reload return to it. */
  function rememberNow() {
    clearTimeout(remember);
    remember = null;
    if (bundle) {
      // Not once the bundle shows another page.
      if (input.isConnected) bundle.remember(input.value);
      return;
    }
    try {
      const url = new URL(window.location.href);
      if (input.value) url.searchParams.set('q', input.value);
      else url.searchParams.delete('q');
      if (url.href !== window.location.href) window.history.replaceState(null, '', url.href);
    } catch {
      // Some browsers refuse to change a file:// address; the search still works.
    }
  }
  // Not on every key: browsers throttle address changes.
  let remember = null;
  function rememberQuery() {
    clearTimeout(remember);
    remember = setTimeout(rememberNow, 400);
  }
  // Leaving by a result before the address caught up: catch it up first.
  region.addEventListener('click', () => { if (remember) rememberNow(); });
  window.addEventListener('pagehide', () => { if (remember) rememberNow(); });

  input.addEventListener('input', () => {
    run();
    rememberQuery();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
    rememberQuery();
  });
  more.addEventListener('click', () => {
    shown += PAGE_SIZE;
    const before = shown - PAGE_SIZE;
    show(input.value).then(() => {
      const next = region.querySelector(`[data-hit="${before}"]`);
      if (next) next.focus();
    });
  });

  // Arrow keys move between the box and the results; Escape goes back.
  const links = () => [...region.querySelectorAll('a.hit-link')];
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const first = links()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  region.addEventListener('keydown', (e) => {
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i + 1 < all.length) {
      e.preventDefault();
      all[i + 1].focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      (i > 0 ? all[i - 1] : input).focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      input.focus();
    }
  });

  const initial = bundle ? bundle.query() : new URLSearchParams(window.location.search).get('q');
  if (initial) input.value = initial;
  // The manifest is small and every query needs it: load it now.
  load(MANIFEST).then((m) => { manifest = manifest || m; }, () => {});
  run();
  input.focus();
})();
