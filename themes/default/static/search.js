// dossier search: runs in the browser, offline, and from file:// too.
//
// The index is a set of scripts under search/ (written by src/search.rs),
// loaded with <script> elements because a page opened from file:// may not
// fetch files. search/index.js lists the shards; each shard calls
// dossierSearch.add() with its entries (items and their text) and, for every
// word, the passages that contain it. Shards are searched as they arrive, so
// results appear before the whole index is loaded.
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
  // In the single-file bundle (src/bundle.rs) the index is in the page and
  // the query in the route, #/search.html?q=…
  const bundle = window.dossierBundle || null;
  const PAGE_SIZE = 50;
  const MAX_WORDS = 8;
  const IN_FLIGHT = 4;
  const SNIPPET_CHARS = 240;
  const KIND_LABELS = {
    person: 'Person', model: 'Model', company: 'Company', summary: 'Summary', source: 'Source',
  };
  // By match quality: 1 the start of a word, 2 a whole word; +2 in a title or name.
  const QUALITY_WEIGHT = [0, 1, 1.5, 4, 6];
  // Page paths as src/urls.rs writes them; anything else is not linked.
  const SAFE_HREF = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*\.html$/;

  // ------------------------------------------------------------ words

  // The same rules as for_each_word in src/search.rs: letters and digits,
  // lowercased, accents dropped, each CJK character a word of its own.
  const CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  const MARK = /\p{M}/u;
  const ALNUM = /[\p{Alphabetic}\p{N}]/u;

  /** The words of `text`, each with where it is: [start, end) in UTF-16 units. */
  function wordSpans(text) {
    const spans = [];
    let word = '';
    let start = 0;
    const flush = (end) => {
      if (word) spans.push({ word, start, end });
      word = '';
    };
    let at = 0;
    for (const ch of text) {
      const here = at;
      at += ch.length;
      const code = ch.charCodeAt(0);
      if (code < 128) {
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
          spans.push({ word: d, start: here, end: at });
        } else if (ALNUM.test(d)) {
          if (!word) start = here;
          word += d.toLowerCase();
        } else {
          flush(here);
        }
      }
    }
    flush(at);
    return spans;
  }

  /** The query's words: each whole, but the last may be the start of a word. */
  function parseQuery(q) {
    const seen = new Set();
    const words = [];
    for (const s of wordSpans(q)) {
      if (!seen.has(s.word) && words.length < MAX_WORDS) {
        seen.add(s.word);
        words.push({ word: s.word, prefix: false });
      }
    }
    if (words.length && !/\s$/.test(q)) words[words.length - 1].prefix = true;
    return words;
  }

  /** Does a word of the text match one of the query's words? */
  function matcher(words) {
    return (w) => words.some((q) => w === q.word || (q.prefix && w.startsWith(q.word)));
  }

  // ------------------------------------------------------------ the index

  const shards = []; // { base, words, postings }
  const passageEntry = []; // global passage number → entry
  const passageParagraph = []; // global passage number → paragraph (0: the item itself)
  const passageNewness = []; // global passage number → its item's date as a number
  let passages = 0;
  let expected = 0; // shard files listed by the manifest
  let arrived = 0; // shard files loaded or failed
  const failed = [];

  const DIGIT = new Int8Array(128).fill(-1);
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'
    .split('').forEach((c, i) => { DIGIT[c.charCodeAt(0)] = i; });

  function addShard(data) {
    const base = passages;
    for (const entry of data.entries) {
      entry.folded = entry.kind === 'source' || entry.kind === 'summary' ? null
        : [entry.title, ...(entry.aliases || [])].map((n) => wordSpans(n).map((s) => s.word).join(' '));
      // Newer first among equal results: 2026-03-05 → 20260305.
      entry.newness = entry.date ? Number(`${entry.date.replace(/-/g, '')}0000`.slice(0, 8)) || 0 : 0;
      const count = 1 + (entry.paragraphs ? entry.paragraphs.length : 0);
      for (let p = 0; p < count; p++) {
        passageEntry.push(entry);
        passageParagraph.push(p);
        passageNewness.push(entry.newness);
      }
      passages += count;
    }
    shards.push({ base, words: data.words, postings: data.postings });
  }

  /** The first index in the sorted `words` not below `w`. */
  function lowerBound(words, w) {
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[mid] < w) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Marks, for one query word, every passage that has it with the best
   * quality found there; returns the passages it was found in.
   */
  function mark(q, quality) {
    const found = [];
    for (const shard of shards) {
      const { words, postings, base } = shard;
      for (let i = lowerBound(words, q.word); i < words.length; i++) {
        const w = words[i];
        const exact = w === q.word;
        if (!exact && !(q.prefix && w.startsWith(q.word))) break;
        const list = postings[i];
        const whole = exact ? 1 : 0;
        let value = 0;
        let shift = 0;
        let passage = 0;
        for (let k = 0; k < list.length; k++) {
          const digit = DIGIT[list.charCodeAt(k)];
          value |= (digit & 31) << shift;
          if (digit >= 32) {
            shift += 5;
            continue;
          }
          passage += value;
          value = 0;
          shift = 0;
          const g = base + (passage >>> 1);
          const got = 1 + whole + ((passage & 1) << 1);
          if (quality[g] === 0) found.push(g);
          if (quality[g] < got) quality[g] = got;
        }
        if (!q.prefix) break;
      }
    }
    return found;
  }

  /** The best `size` of the passages `kept`, best first, by `score` (by passage). */
  function topPassages(kept, count, score, size) {
    // Equal scores: newer first, then by page and paragraph, whatever the load order.
    const better = (a, b) => {
      if (score[a] !== score[b]) return score[a] > score[b];
      if (passageNewness[a] !== passageNewness[b]) return passageNewness[a] > passageNewness[b];
      const ea = passageEntry[a];
      const eb = passageEntry[b];
      if (ea !== eb) return ea.href < eb.href;
      return passageParagraph[a] < passageParagraph[b];
    };
    const order = (a, b) => (better(a, b) ? -1 : 1);
    if (count <= size) return Array.from(kept.subarray(0, count)).sort(order);
    // A heap whose root is the worst of the best kept so far.
    const heap = [];
    const swap = (i, j) => { const t = heap[i]; heap[i] = heap[j]; heap[j] = t; };
    for (let k = 0; k < count; k++) {
      const g = kept[k];
      if (heap.length < size) {
        heap.push(g);
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1;
          if (!better(heap[parent], heap[i])) break;
          swap(parent, i);
          i = parent;
        }
      } else if (better(g, heap[0])) {
        heap[0] = g;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          let worst = i;
          if (l < size && better(heap[worst], heap[l])) worst = l;
          if (l + 1 < size && better(heap[worst], heap[l + 1])) worst = l + 1;
          if (worst === i) break;
          swap(worst, i);
          i = worst;
        }
      }
    }
    return heap.sort(order);
  }

  /** How many passages have all the query's words, and the best `size` of them. */
  function search(words, size) {
    const qualities = words.map(() => new Uint8Array(passages));
    let candidates = null;
    const found = [];
    for (let j = 0; j < words.length; j++) {
      const hits = mark(words[j], qualities[j]);
      found.push(hits.length);
      // Passages must have every word: those of the rarest word are enough.
      if (!candidates || hits.length < candidates.length) candidates = hits;
      if (!hits.length) return { total: 0, passages: [] };
    }
    const idf = found.map((n) => Math.log(1 + passages / (1 + n)));
    const query = words.map((w) => w.word).join(' ');
    const prefix = words[words.length - 1].prefix;
    const score = new Float64Array(passages);
    const kept = new Int32Array(candidates.length);
    let count = 0;
    for (const g of candidates) {
      let sum = 0;
      let j = 0;
      for (; j < words.length; j++) {
        const q = qualities[j][g];
        if (!q) break;
        sum += idf[j] * QUALITY_WEIGHT[q];
      }
      if (j < words.length) continue;
      const names = passageEntry[g].folded;
      // The whole name or alias of an entity, as typed: first.
      if (names && passageParagraph[g] === 0) {
        if (names.includes(query)) sum += 1000;
        else if (prefix && names.some((n) => n.startsWith(query))) sum += 500;
      }
      score[g] = sum;
      kept[count++] = g;
    }
    return { total: count, passages: topPassages(kept, count, score, size) };
  }

  // ------------------------------------------------------------ results

  const JOINERS = /^[-\u2010\u2011]$/;

  /** Appends `text` to `parent`, the words that match in <mark>. */
  function appendMarked(parent, text, isMatch) {
    let last = 0;
    let open = null; // the <mark> being extended over adjacent matches
    for (const s of wordSpans(text)) {
      if (!isMatch(s.word)) continue;
      const gap = text.slice(last, s.start);
      // Matches joined by nothing or a hyphen (e-mail) are one mark.
      if (open && (gap === '' || JOINERS.test(gap))) {
        if (gap) open.textContent += gap;
        open.textContent += text.slice(s.start, s.end);
      } else {
        if (gap) parent.appendChild(document.createTextNode(gap));
        open = document.createElement('mark');
        open.textContent = text.slice(s.start, s.end);
        parent.appendChild(open);
      }
      last = s.end;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** A stretch of `text` around its first match, cut at words. */
  function excerpt(text, isMatch) {
    if (text.length <= SNIPPET_CHARS) return text;
    const spans = wordSpans(text);
    const first = spans.find((s) => isMatch(s.word));
    // From the start when the first match shows there; else from a little before it.
    let start = first && first.end > SNIPPET_CHARS * 0.7 ? first.start - 60 : 0;
    if (start > 0) {
      const next = spans.find((s) => s.start >= start);
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

  function hitElement(passage, isMatch, number) {
    const entry = passageEntry[passage];
    const paragraph = passageParagraph[passage];
    const li = document.createElement('li');
    li.className = `hit hit-${entry.kind}`;

    const heading = document.createElement('p');
    heading.className = 'hit-title';
    const href = SAFE_HREF.test(entry.href) ? root + entry.href + (paragraph ? `#p${paragraph}` : '') : null;
    const link = document.createElement(href ? 'a' : 'span');
    if (href) link.href = href;
    link.className = 'hit-link';
    link.dataset.hit = String(number);
    appendMarked(link, entry.title, isMatch);
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
    const kind = document.createElement('span');
    kind.className = `hit-kind ${entry.kind}`;
    kind.textContent = KIND_LABELS[entry.kind] || entry.kind;
    meta.appendChild(kind);
    if (entry.meta) meta.appendChild(document.createTextNode(` · ${entry.meta}`));
    const aliases = (entry.aliases || []).filter((a) => wordSpans(a).some((s) => isMatch(s.word)));
    if (aliases.length) {
      meta.appendChild(document.createTextNode(' · also '));
      aliases.forEach((a, i) => {
        if (i) meta.appendChild(document.createTextNode(', '));
        appendMarked(meta, a, isMatch);
      });
    }
    li.appendChild(meta);

    const text = paragraph ? entry.paragraphs[paragraph - 1]
      : entry.text || (entry.paragraphs && entry.paragraphs[0]) || '';
    if (text) {
      const snippet = document.createElement('p');
      snippet.className = 'hit-snippet';
      appendMarked(snippet, excerpt(text, isMatch), isMatch);
      li.appendChild(snippet);
    }
    return li;
  }

  let shown = PAGE_SIZE;
  let lastQuery = null;

  function loadingNote() {
    if (failed.length) return ` Part of the index could not be loaded (${failed.length} file${failed.length === 1 ? '' : 's'}).`;
    if (!form.dataset.loaded) return ' Still loading the index…';
    return '';
  }

  function render(q) {
    const words = parseQuery(q);
    region.replaceChildren();
    region.setAttribute('aria-busy', form.dataset.loaded ? 'false' : 'true');
    more.hidden = true;
    form.dataset.query = q;
    if (!words.length) {
      form.dataset.results = '0';
      if (failed.length) {
        const note = document.createElement('p');
        note.className = 'search-summary';
        note.textContent = loadingNote().trim();
        region.appendChild(note);
      }
      return;
    }
    const { total, passages: hits } = search(words, shown);
    const isMatch = matcher(words);
    const summary = document.createElement('p');
    summary.className = 'search-summary';
    summary.textContent = total
      ? `${total} result${total === 1 ? '' : 's'} for “${q.trim()}”${total > hits.length ? `, the first ${hits.length} shown` : ''}.`
      : `No results for “${q.trim()}”.`;
    summary.textContent += loadingNote();
    region.appendChild(summary);
    if (hits.length) {
      const list = document.createElement('ol');
      list.className = 'hits';
      hits.forEach((h, i) => list.appendChild(hitElement(h, isMatch, i)));
      region.appendChild(list);
    }
    more.hidden = total <= hits.length;
    form.dataset.results = String(total);
  }

  function run() {
    const q = input.value;
    if (q !== lastQuery) shown = PAGE_SIZE;
    lastQuery = q;
    render(q);
  }

  // While the index loads, the results are refreshed now and then, not on
  // every shard.
  let refresh = null;
  function shardArrived() {
    arrived += 1;
    if (arrived >= expected) {
      clearTimeout(refresh);
      refresh = null;
      finished();
      return;
    }
    if (input.value && !refresh) {
      refresh = setTimeout(() => { refresh = null; run(); }, 300);
    }
  }

  /** The whole index is in: final results, and nothing more to wait for. */
  function finished() {
    form.dataset.loaded = 'true';
    region.setAttribute('aria-busy', 'false');
    if (input.value || failed.length) run();
  }

  function load(src, onload) {
    const script = document.createElement('script');
    script.src = root + src;
    script.async = true;
    script.onload = onload;
    script.onerror = () => {
      failed.push(src);
      onload();
    };
    document.head.appendChild(script);
  }

  window.dossierSearch = {
    manifest(m) {
      const list = (m && Array.isArray(m.shards)) ? m.shards.filter((s) => /^search\/[a-z0-9-]+\.js$/.test(s)) : [];
      expected = list.length;
      if (!expected) finished();
      // A few files at a time: the page answers keys between them.
      let next = 0;
      const more = () => {
        if (next < list.length) load(list[next++], () => { shardArrived(); more(); });
      };
      for (let i = 0; i < IN_FLIGHT; i++) more();
    },
    add(data) {
      if (data && Array.isArray(data.entries) && Array.isArray(data.words) && Array.isArray(data.postings)) {
        addShard(data);
      }
    },
    /** The words of a text as the index has them (tests compare them with src/search.rs). */
    words: (text) => wordSpans(String(text)).map((s) => s.word),
  };

  // ------------------------------------------------------------ the page

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
    render(input.value);
    const next = region.querySelector(`[data-hit="${shown - PAGE_SIZE}"]`);
    if (next) next.focus();
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
  region.setAttribute('aria-busy', 'true');
  if (bundle) {
    bundle.index().forEach((data) => window.dossierSearch.add(data));
    finished();
  } else {
    load(form.dataset.index || 'search/index.js', () => {
      // Without a manifest (or with an empty one) there is nothing to wait for.
      if (expected === 0 && !form.dataset.loaded) finished();
    });
  }
  if (initial) run();
  input.focus();
})();
