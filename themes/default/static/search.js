// dossier search page: runs in the browser, offline, and from file:// too.
//
// static/search-engine.js (loaded first) finds the results of a query in the
// index under search/, loading only what the query needs; this script runs
// the page: the box, the results with their matched words in <mark>, "Show
// more results", the query kept in the address, the keyboard.
//
// The index holds untrusted source text: results are built with DOM methods
// and textContent only.
(function () {
  'use strict';

  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  const region = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  if (!form || !input || !region || !more || !window.dossierSearchEngine) return;

  const root = form.dataset.root || '';
  // In the single-file bundle (src/share/bundle/) the index is in the page
  // and the query in the route, #/search.html?q=…
  const bundle = window.dossierBundle || null;
  const engine = window.dossierSearchEngine(root, bundle, form.dataset.index || 'search/index.js');
  const PAGE_SIZE = 10;
  const SNIPPET_CHARS = 240;
  const KIND_LABELS = {
    person: 'Person', model: 'Model', company: 'Company', summary: 'Summary', source: 'Source', claim: 'Claim',
  };
  // Page paths as src/urls.rs writes them; anything else is not linked.
  const SAFE_HREF = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*\.html$/;

  // ------------------------------------------------------------ results

  const JOINERS = /^[-\u2010\u2011]$/;

  /** The stretches of `text` that match the query, in order, not overlapping. */
  function matches(text, query) {
    const ranges = [];
    for (const s of engine.wordSpans(text)) {
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
      const next = engine.wordSpans(text).find((s) => s.start >= start);
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
    const kind = engine.kind(doc.k);
    const paragraph = hit.passage;
    const li = document.createElement('li');
    li.className = `hit hit-${kind}`;
    li.dataset.item = String(hit.item);

    const heading = document.createElement('p');
    heading.className = 'hit-title';
    // A summary's passages are its claims, each listed on its page.
    const claim = paragraph && Array.isArray(doc.c) ? doc.c[paragraph - 1] : undefined;
    const anchor = claim !== undefined ? `#claim-${encodeURIComponent(String(claim))}` : `#p${paragraph}`;
    const href = SAFE_HREF.test(doc.h) ? root + doc.h + (paragraph ? anchor : '') : null;
    const link = document.createElement(href ? 'a' : 'span');
    if (href) link.href = href;
    link.className = 'hit-link';
    link.dataset.hit = String(number);
    appendMarked(link, String(doc.t || ''), query);
    if (paragraph) {
      const where = document.createElement('span');
      where.className = 'hit-paragraph';
      where.textContent = claim !== undefined ? ', claim' : `, ¶${paragraph}`;
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

  function note(text) {
    const p = document.createElement('p');
    p.className = 'search-summary';
    p.textContent = text;
    return p;
  }

  function failureNote() {
    const n = engine.failed();
    return n ? ` Part of the index could not be loaded (${n} file${n === 1 ? '' : 's'}).` : '';
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
    form.dataset.loaded = 'false';
    region.setAttribute('aria-busy', 'true');
    let found;
    try {
      found = await engine.search(q, shown, () => gen !== generation);
    } catch {
      if (gen !== generation) return;
      region.replaceChildren(note('The search index could not be loaded.'));
      more.hidden = true;
      settle(q, 0);
      return;
    }
    if (!found) return;
    if (!found.query.words.length) {
      region.replaceChildren();
      if (engine.failed()) region.appendChild(note(failureNote().trim()));
      more.hidden = true;
      settle(q, 0);
      return;
    }
    render(q, found);
  }

  function render(q, { query, words, result, hits, docs }) {
    const total = result.matched.length;
    let summary;
    if (!total) {
      summary = `No results for “${q.trim()}”.`;
    } else {
      const count = result.complete ? `${total}` : `${total} or more`;
      summary = `${count} result${total === 1 ? '' : 's'} for “${q.trim()}”${total > hits.length || !result.complete ? `, the first ${hits.length} shown` : ''}.`;
    }
    if (words.some((w) => w.isWide)) summary += ' Names and titles only: type more letters to search the text too.';
    region.replaceChildren(note(summary + failureNote()));
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
  run();
  input.focus();
})();
