// dossier search, the engine: finds the results of a query in the index under
// search/ (written by src/share/search/, which describes each file), loading
// only what the query needs: the manifest, the term shards of its words, the
// pieces of long posting lists its results need (newest first; every piece
// stays reachable with "Show more results"), for a last word of one letter or
// a prefix too common to load (it reaches many shards, or many words with long
// lists) the names shards, and the doc files of the results shown.
// The files are scripts, loaded with <script> elements because a page opened
// from file:// may not fetch files; each calls dossierSearch.manifest() or
// dossierSearch.add() with one JSON literal. In the single-file bundle
// (src/share/bundle/) each is a compressed record of the page, which
// dossierBundle.searchFile() reads when needed.
// static/search.js, which runs the search page, shows what this finds.
(function () {
  'use strict';

  const MAX_WORDS = 8;
  // Pieces of long posting lists loaded before the first results count as
  // final, and at most per step (a step: a query, or "Show more").
  const EAGER_PIECES = 6;
  const STEP_PIECES = 64;
  // By match quality: 1 the start of a word, 2 a whole word; +2 in a title or name.
  const QUALITY_WEIGHT = [0, 1, 1.5, 4, 6];
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

  // ------------------------------------------------------------ the engine

  /**
   * An engine over the index at `root` (a relative path, or "#/" in the
   * bundle, where the index is in the page), whose manifest is `MANIFEST`.
   */
  function create(root, bundle, MANIFEST) {
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
          bundle.searchFile(path).then((data) => {
            loadedPaths.push(path);
            resolve(data);
          }, () => reject(new Error(`${path} is not in the bundle`)));
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

    /** An index file ran: its data, to whoever waits for it. */
    function arrived(path, data) {
      const w = waiting.get(path);
      if (!w) return;
      waiting.delete(path);
      if (data && typeof data === 'object') w.resolve(data);
      else w.reject(new Error(`${path} holds no data`));
    }

    /** `load`, with a failed file as `fallback`. */
    function loadOr(path, fallback) {
      return load(path).catch(() => fallback);
    }

    /** The region of item number `n`: its index, and `[first number, doc bits, dated]`. */
    function regionOf(n) {
      let r = 0;
      while (r + 1 < manifest.regions.length && manifest.regions[r + 1][0] <= n) r += 1;
      return [r, manifest.regions[r]];
    }

    /** The doc file of item number `n`. */
    function docPath(n) {
      const [r, [base, bits]] = regionOf(n);
      return `search/d/${r}-${Math.floor((n - base) / 2 ** bits).toString(36)}.js`;
    }

    /** Loads the shards of the query's words and finds the terms each looks up. */
    async function lookUp(words) {
      const wide = manifest.wide || 4;
      const short = manifest.short || 2;
      const many = manifest.many || 8;
      const namesOf = (w) => shardsOf(manifest.names, w.word, true).map((i) => namePath(manifest.names[i]));
      const plans = words.map((w) => {
        const shards = shardsOf(manifest.terms, w.word, w.prefix);
        // A prefix too short or too common to look up whole: names and titles
        // complete it (a short one, names alone: one letter is no word to look up).
        const isShort = w.prefix && [...w.word].length < short;
        const isWide = isShort || (w.prefix && shards.length > wide);
        const paths = isShort ? [] : (isWide ? [shards[0]] : shards).map((i) => termPath(manifest.terms[i]));
        return { w, isWide, isShort, paths, names: isWide ? namesOf(w) : [] };
      });
      await Promise.all(plans.flatMap((p) => [...p.paths, ...p.names]).map((p) => loadOr(p, null)));
      return Promise.all(plans.map(async (plan) => {
        const { w, isShort } = plan;
        const match = (term) => term === w.word || (w.prefix && term.startsWith(w.word));
        const entries = [];
        for (const p of plan.paths) {
          const data = await loadOr(p, null);
          for (const entry of (data && Array.isArray(data.terms) ? data.terms : [])) {
            if (match(entry[0])) entries.push(entry);
          }
        }
        // A prefix that starts many words with long lists is too common too.
        let { isWide } = plan;
        if (!isWide && w.prefix && entries.filter((e) => e[0] !== w.word && Array.isArray(e[2])).length > many) {
          isWide = true;
          plan.names = namesOf(w);
        }
        const terms = entries
          .filter((e) => !isWide || e[0] === w.word)
          .map((e) => termState(e, w, false));
        for (const p of plan.names) {
          const data = await loadOr(p, null);
          for (const entry of (data && Array.isArray(data.names) ? data.names : [])) {
            if (match(entry[0]) && (isShort || entry[0] !== w.word)) terms.push(termState(entry, w, true));
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
    const loadedSize = (w) => w.terms.reduce((n, t) => n + t.codes.size
      + (t.nameOnly ? 0 : (t.inline ? [t.inline] : t.loaded).reduce((m, l) => m + l.items.length, 0)), 0);

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
      const [, [base, , dated]] = regionOf(n);
      const [bits, dates] = manifest.dates || [0, 0];
      return dated ? Math.min(dates, Math.floor((n - base) / 2 ** bits)) : dates;
    }

    /**
     * The query typed as an entity's whole name or alias: first; as the start
     * of one: next.
     */
    function nameBonus(words, item) {
      const k = words.length;
      // Each word's codes for the item: [name, place, count, whether the term is the word as typed].
      const perWord = words.map((w) => w.terms.filter((t) => t.codes.has(item))
        .flatMap((t) => t.codes.get(item).map((c) => [c >> 8, (c >> 4) & 15, c & 15, t.exact])));
      let best = 0;
      for (const [n] of perWord[0]) {
        // Name `n` holds the words in order: each as typed but the last, a prefix.
        const at = (j) => perWord[j].filter(([m, p, count]) => m === n && p === j && count >= k);
        if (![...Array(k - 1).keys()].every((j) => at(j).some((c) => c[3]))) continue;
        const last = at(k - 1);
        if (last.some(([, , count, exact]) => exact && count === k)) return 1000;
        if (words[k - 1].prefix && last.length) best = 500;
      }
      return best;
    }

    const pieces = new Map(); // path → decoded piece

    /** Loads the next pieces of the lists that hold the results back. */
    async function loadMore(words, cover) {
      const lists = words.flatMap((w) => w.terms).filter((t) => !t.nameOnly && t.pieces);
      // What the lists holding the results back reach with one more piece:
      // every list short of that gets its next piece too, in one round.
      const next = (t) => {
        const k = t.loaded.length + t.failedPieces + 1;
        return k < t.pieces.length ? t.pieces[k] : Infinity;
      };
      const reach = Math.max(...lists.filter((t) => coverage(t) === cover).map(next));
      const jobs = [];
      for (const t of lists) {
        const c = coverage(t);
        if (c === Infinity || (c !== cover && (reach === Infinity || c >= reach))) continue;
        const first = t.pieces[t.loaded.length + t.failedPieces];
        const path = piecePath(t.term, first);
        jobs.push(loadOr(path, null).then((data) => {
          if (!pieces.has(path) && data && typeof data.postings === 'string') {
            pieces.set(path, decodePostings(data.postings, first));
          }
          if (pieces.has(path)) t.loaded.push(pieces.get(path));
          else t.failedPieces += 1;
        }));
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

    let current = null; // the last query: its words and what is loaded for it

    /** The results of `q`, the best `shown` with their docs; null if `stale()` (a newer query). */
    async function search(q, shown, stale) {
      const query = parseQuery(q);
      if (!query.words.length) return { query, words: [], result: { matched: [], complete: true }, hits: [], docs: new Map() };
      if (!manifest) {
        manifest = await load(MANIFEST);
        if (!manifest || !Array.isArray(manifest.terms)) throw new Error('not a manifest');
      }
      if (stale()) return null;
      if (!current || current.q !== q) {
        const words = await lookUp(query.words);
        if (stale()) return null;
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
          if (stale()) return null;
          if (!n) break;
          current.pieces += n;
          steps += n;
        }
      }
      const hits = result.matched.slice(0, shown);
      const docs = await docsOf(hits.map((h) => h.item));
      if (stale()) return null;
      return { query, words, result, hits, docs };
    }

    window.dossierSearch = {
      manifest: (m) => arrived(MANIFEST, m),
      add: (data) => arrived(data && typeof data.path === 'string' ? data.path : '', data),
      /** The terms of a text as a query looks them up (tests compare them with src/share/search/text.rs). */
      words: (text) => queryTerms(String(text)).terms.map((t) => t.term),
      /** Every index file loaded so far, in order. */
      loaded: () => loadedPaths.slice(),
    };
    // The manifest is small and every query needs it: load it now.
    load(MANIFEST).then((m) => { manifest = manifest || m; }, () => {});

    return {
      search,
      wordSpans,
      parseQuery,
      failed: () => failed.size, // index files that could not be loaded
      kind: (k) => (manifest && Array.isArray(manifest.kinds) && manifest.kinds[k]) || 'source',
    };
  }

  window.dossierSearchEngine = create;
})();
