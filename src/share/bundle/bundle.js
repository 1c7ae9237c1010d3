// The single-file bundle's pages (src/share/bundle/ writes the file).
//
// Every page of the dossier is a record of JSON: its title, its body's class
// and its body, the HTML dossier rendered (escaped and sanitised) with every
// link made a route: #/sources/x.html#p3 is paragraph 3 of that source.
// Records are packed in groups, each group raw deflate in base64 in a data
// block of the head, id "dossier-pack:<n>"; the block "dossier-bundle" says
// where each page and each search index file is ([group, start, end] in the
// group's inflated bytes). A group is inflated (DecompressionStream) when a
// record of it is first needed, and the last few are kept. This script
// shows the page the address names, and again whenever the address changes,
// so links, back and forward work without a request. Theme scripts a page
// loads are functions in dossierBundle.scripts, run each time that page is
// shown.
(function () {
  'use strict';

  const HOME = 'index.html';
  const NOT_FOUND = '404.html';
  // What :target is in the bundle's stylesheet (the address's own fragment
  // is the route, so :target never matches).
  const TARGET = 'dossier-target';

  // Inflated groups kept: a page and the pages it links to are often in
  // the same or a neighbouring group; a query loads a few index files.
  const GROUPS_KEPT = 8;

  let shown = null; // the path of the page in the body
  let following = false; // a link of the page was just followed
  let showing = 0; // counts calls of show(): only the latest one mounts
  const groups = new Map(); // group number → Promise of its bytes, latest used last
  const utf8 = new TextDecoder();

  /** Where each record is: { pages: { path: [group, start, end] }, search: { … } }. */
  const manifest = (() => {
    const block = document.getElementById('dossier-bundle');
    try {
      const m = JSON.parse(block.textContent);
      if (m && typeof m.pages === 'object' && typeof m.search === 'object') return m;
    } catch {
      // Nothing to show: the not-found text below.
    }
    return { pages: {}, search: {} };
  })();

  function decode(s) {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  }

  /** "#/sources/x.html?q=a#p3" → { path, query, fragment }. */
  function parse(hash) {
    const routed = hash.startsWith('#/');
    // A bare "#main", typed by hand, is a place in the page shown.
    let rest = routed ? hash.slice(2) : '';
    let fragment = routed ? '' : hash.slice(1);
    const at = rest.indexOf('#');
    if (at >= 0) {
      fragment = rest.slice(at + 1);
      rest = rest.slice(0, at);
    }
    let query = '';
    const q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
    let path = decode(rest);
    if (!routed && shown) path = shown;
    if (!path || path.endsWith('/')) path += HOME;
    return { path, query, fragment: decode(fragment) };
  }

  function base64Bytes(text) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
    const chars = atob(text);
    const bytes = new Uint8Array(chars.length);
    for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
    return bytes;
  }

  /** The inflated bytes of group `n`, inflated once while it is kept. */
  function group(n) {
    let bytes = groups.get(n);
    if (bytes) {
      groups.delete(n);
    } else {
      bytes = (async () => {
        const block = document.getElementById(`dossier-pack:${n}`);
        if (!block) throw new Error(`the bundle has no group ${n}`);
        const packed = new Blob([base64Bytes(block.textContent)]);
        const inflated = packed.stream().pipeThrough(new DecompressionStream('deflate-raw'));
        return new Uint8Array(await new Response(inflated).arrayBuffer());
      })();
      bytes.catch(() => groups.delete(n));
    }
    groups.set(n, bytes);
    while (groups.size > GROUPS_KEPT) groups.delete(groups.keys().next().value);
    return bytes;
  }

  /** The data of the record at `place` ([group, start, end]), or null. */
  async function record(place) {
    if (!Array.isArray(place) || place.length !== 3) return null;
    const [n, start, end] = place;
    const bytes = await group(n);
    return JSON.parse(utf8.decode(bytes.subarray(start, end)));
  }

  /** The page at `path` as stored, or null. */
  async function pageData(path) {
    try {
      const page = await record(Object.hasOwn(manifest.pages, path) ? manifest.pages[path] : null);
      return page && typeof page === 'object' ? page : null;
    } catch {
      return null;
    }
  }

  /** The text of HTML-escaped text (a page's title): a textarea reads entities, never tags. */
  function plain(html) {
    const box = document.createElement('textarea');
    box.innerHTML = html;
    return box.value;
  }

  /** The page to show for `path`: itself, else the not-found page. */
  async function pageFor(path) {
    return (await pageData(path)) || (await pageData(NOT_FOUND)) || pageData(HOME);
  }

  /** Puts `page`, the page at `path`, in the body. */
  function mount(path, page) {
    if (!page) return;
    // Parsed inert, in a template, then moved in: the HTML is the page as
    // dossier rendered it, without scripts (the bundle keeps none in pages).
    const holder = document.createElement('template');
    holder.innerHTML = page.body;
    document.body.replaceChildren(holder.content);
    document.body.className = plain(page.class || '');
    document.title = plain(page.title || '');
    shown = path;
    for (const name of page.scripts || []) {
      const run = bundle.scripts[name];
      if (typeof run === 'function') run();
    }
  }

  /** Marks the element the fragment names, as :target would; returns it. */
  function target(fragment) {
    for (const el of document.querySelectorAll(`.${TARGET}`)) el.classList.remove(TARGET);
    const el = fragment ? document.getElementById(fragment) : null;
    if (!el || !document.body.contains(el)) return null;
    el.classList.add(TARGET);
    return el;
  }

  /**
   * Where the keyboard goes next, as after following a link to a place in a
   * page (the skip link): the element the link named.
   */
  function focusOn(el) {
    if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
  }

  /**
   * Shows what the address names; `state` holds the scroll to return to,
   * `followed` says a link of the page led there.
   */
  async function show(state, followed) {
    const mine = ++showing;
    const route = parse(window.location.hash);
    const changed = route.path !== shown;
    if (changed) {
      const page = await pageFor(route.path);
      // The address changed again while the page was inflated: that show wins.
      if (mine !== showing) return;
      mount(route.path, page);
    }
    const el = target(route.fragment);
    if (state && typeof state.scroll === 'number') {
      window.scrollTo(0, state.scroll);
    } else if (el) {
      el.scrollIntoView();
      if (followed) focusOn(el);
    } else if (changed) {
      window.scrollTo(0, 0);
    }
  }

  /** Keeps the scroll position in the history entry, for back and forward. */
  function rememberScroll() {
    try {
      window.history.replaceState({ ...(window.history.state || {}), scroll: window.scrollY }, '');
    } catch {
      // A browser that refuses: back lands at the top of the page.
    }
  }

  const bundle = {
    /** Theme scripts by path, filled in after this script (src/bundle.rs). */
    scripts: {},
    /** The path of the page shown. */
    get page() {
      return shown;
    },
    /** The data of the search index file at `path` (static/search-engine.js asks). */
    async searchFile(path) {
      const data = await record(Object.hasOwn(manifest.search, path) ? manifest.search[path] : null);
      if (data === null) throw new Error(`${path} is not in the bundle`);
      return data;
    },
    /** The search page's query: ?q= in the route. */
    query() {
      return new URLSearchParams(parse(window.location.hash).query).get('q');
    },
    /** Keeps the search page's query in the address, without a new history entry. */
    remember(q) {
      if (!shown) return;
      const query = q ? `?${new URLSearchParams({ q })}` : '';
      try {
        window.history.replaceState(window.history.state, '', `#/${shown}${query}`);
      } catch {
        // The search still works; back forgets the query.
      }
    },
  };
  window.dossierBundle = bundle;

  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = e.target instanceof Element ? e.target.closest('a[href^="#/"]') : null;
    if (!link) return;
    rememberScroll();
    // The same address again changes nothing in the history: go there anyway.
    if (link.getAttribute('href') === window.location.hash) {
      e.preventDefault();
      show(null, true);
    } else {
      following = true;
    }
  });

  // Forms go to routes too: the header's search box to #/search.html?q=…
  document.addEventListener('submit', (e) => {
    const form = e.target;
    const action = form instanceof HTMLFormElement ? form.getAttribute('action') || '' : '';
    if (e.defaultPrevented || !action.startsWith('#/')) return;
    e.preventDefault();
    rememberScroll();
    const query = new URLSearchParams(new FormData(form)).toString();
    window.location.hash = action.slice(1) + (query ? `?${query}` : '');
  });

  let scrolled = null;
  window.addEventListener('scroll', () => {
    clearTimeout(scrolled);
    scrolled = setTimeout(rememberScroll, 300);
  }, { passive: true });

  function start() {
    if (typeof DecompressionStream !== 'function' || typeof Object.hasOwn !== 'function') {
      // The pages are compressed: a browser without DecompressionStream
      // (before 2023) can show none of them.
      const p = document.createElement('p');
      p.textContent = 'This dossier is one compressed file: open it in a browser from 2023 or '
        + 'later (Chrome or Edge 103, Firefox 113, Safari 16.4).';
      document.body.replaceChildren(p);
      return;
    }
    // This script puts pages in and out of the body: it also decides where
    // each one is scrolled to.
    window.history.scrollRestoration = 'manual';
    window.addEventListener('hashchange', () => {
      show(window.history.state, following);
      following = false;
    });
    show(window.history.state, false);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
