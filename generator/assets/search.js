/* The header search box, with a Pagefind index (generator/pages/search.py) in place of
   the theme's search plugin, and the Browse page (generator/pages/browse.py). The index is loaded from this site only, and in pieces: a
   search fetches the index chunks for its words and the fragments of the results it
   shows. Everything that comes back is treated as text. */
(function () {
  "use strict";
  var root = document.querySelector(".fs-search");
  var toggle = document.getElementById("__search");
  var input = root && root.querySelector("[data-fs-search-query]");
  var form = root && root.querySelector("form");
  var meta = root && root.querySelector(".md-search-result__meta");
  var list = root && root.querySelector(".md-search-result__list");
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* defaults */ }
  var t = config.translations || {};
  var base = new URL(config.base || ".", location.href);
  var PAGE = 10;
  var pagefind = null, loading = null, seq = 0, timer = 0, shown = [], results = [];

  /* A large index is in shards (generator/publish/searchindex.py): the first bundle
     (entities, sources, topics, tables, page titles; the whole index when it is small)
     and the folders its fs-shards.json lists, relative to it (the facts). The list is
     fetched beside the script. A search runs on the first bundle at once; the fact
     shards are merged in (Pagefind's mergeIndex, which ranks all their results
     together) only when results are needed beyond it: none there, or "Show more
     results". So a search loads one bundle's metadata, not all, until facts are asked
     for; a name query shows its entity at once. */
  var pending = [], merging = null;
  function load() {
    if (!loading) {
      var bundle = new URL("pagefind/", base);
      var shards = fetch(new URL("fs-shards.json", bundle).href, { cache: "no-cache" }).then(function (r) {
        return r.ok ? r.json() : [];
      }).catch(function () { return []; });
      loading = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () {
          pf.init();
          return shards;
        }).then(function (dirs) {
          pending = (Array.isArray(dirs) ? dirs : []).filter(function (d) { return typeof d === "string"; }).map(function (d) {
            return new URL(d, bundle).pathname;
          });
          pagefind = pf;
          return pf;
        });
      });
    }
    return loading;
  }
  /* Every fact shard merged in (once). */
  function mergeAll(pf) {
    if (!merging) {
      merging = Promise.all(pending.map(function (path) {
        return pf.mergeIndex(path, { baseUrl: base.pathname, excerptLength: 24 });
      })).then(function () { pending = []; return pf; });
    }
    return merging;
  }
  /* Where a result links: its record's own URL (Pagefind's is the file it was read from). */
  function href(d) {
    var u = (d.meta || {}).url;
    return u ? new URL(text(u), base).href : d.url;
  }

  /* Text from a string Pagefind returns (entities decoded, no markup kept). */
  function text(s) {
    return new DOMParser().parseFromString(String(s || ""), "text/html").body.textContent || "";
  }
  /* An excerpt: text with Pagefind's <mark> highlights, nothing else. */
  function excerpt(s) {
    var p = document.createElement("p");
    var doc = new DOMParser().parseFromString(String(s || ""), "text/html").body;
    doc.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = n.textContent;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(n.textContent || ""));
      }
    });
    return p;
  }
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  }
  function count(n) {
    if (!n) return t["search.result.none"] || "No matching documents";
    if (n === 1) return t["search.result.one"] || "1 matching document";
    return (t["search.result.other"] || "# matching documents").replace("#", n.toLocaleString("en"));
  }

  function item(data) {
    var m = data.meta || {};
    var li = el("li", "md-search-result__item");
    var a = el("a", "md-search-result__link");
    a.href = href(data);
    var art = el("article", "md-search-result__article md-typeset fs-hit");
    art.appendChild(el("div", "fs-hit__title", text(m.title)));
    var line = el("div", "fs-hit__meta");
    if (m.st) {
      line.appendChild(el("span", "fs-st-" + text(m.st).replace(/[^a-z]/g, ""), text(m.status)));
      if (m.date) line.appendChild(el("span", "fs-hit__date", text(m.date)));
      if (m.source) line.appendChild(el("span", "fs-hit__source", text(m.source)));
    } else {
      if (m.kind) line.appendChild(el("span", "fs-hit__kind", text(m.kind)));
      if (m.date) line.appendChild(el("span", "fs-hit__date", text(m.date)));
      if (m.aka) line.appendChild(el("span", "fs-hit__aka", text(m.aka)));
    }
    if (line.childNodes.length) art.appendChild(line);
    if (data.excerpt) art.appendChild(excerpt(data.excerpt));
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }

  /* The Browse page: facts filtered by Pagefind's filters (each fact's record carries
     its topic, status, source, entity, year and tag ids), with words on top. The
     filters live in the page's address (?status=allegation&entity=acme), read when the
     page opens and rewritten on every change. Without words, the newest facts first. */
  function browse(panel) {
    var countEl = document.querySelector("[data-fs-browse-count]");
    var out = document.querySelector("[data-fs-browse-results]");
    var statuses = [];
    var fields = Array.prototype.slice.call(panel.elements).filter(function (f) { return f.name; });
    fields.forEach(function (f) {
      if (f.name === "status") statuses = Array.prototype.map.call(f.options, function (o) { return o.value; }).filter(Boolean);
    });
    var STEP = 50, bseq = 0, btimer = 0, hits = [], listed = 0;
    if (!countEl || !out) return;
    panel.hidden = false;

    function fromAddress() {
      var params = new URLSearchParams(location.search);
      fields.forEach(function (f) {
        var v = params.get(f.name) || "";
        if (f.tagName === "SELECT" && !Array.prototype.some.call(f.options, function (o) { return o.value === v; })) v = "";
        f.value = v;
      });
    }
    function chosen() {
      var s = {};
      fields.forEach(function (f) { var v = f.value.trim(); if (v) s[f.name] = v; });
      return s;
    }
    function toAddress(s) {
      var params = new URLSearchParams();
      Object.keys(s).forEach(function (k) { params.set(k, s[k]); });
      var qs = params.toString();
      var address = location.pathname + (qs ? "?" + qs : "");
      // only when the filters changed: an unchanged address is no navigation
      if (address !== location.pathname + location.search) history.replaceState(null, "", address);
    }
    function facts(n) {
      if (!n) return "No facts match.";
      return n === 1 ? "1 fact matches." : n.toLocaleString("en") + " facts match.";
    }
    function line(d) {
      var m = d.meta || {};
      var li = el("li");
      var a = el("a", "", text(m.title));
      a.href = href(d);
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "fs-st-" + text(m.st).replace(/[^a-z]/g, ""), text(m.status)));
      var small = [m.date, m.source].filter(Boolean).map(text).join(" \u00b7 ");
      if (small) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("small", "", small));
      }
      return li;
    }
    function show(upto) {
      var mine = bseq;
      return Promise.all(hits.slice(listed, upto).map(function (r) { return r.data(); })).then(function (datas) {
        if (mine !== bseq) return;
        var old = out.querySelector(".fs-browse__more");
        if (old) old.remove();
        datas.forEach(function (d) { out.appendChild(line(d)); });
        listed += datas.length;
        if (hits.length > listed) {
          var li = el("li", "fs-browse__more");
          var b = el("button", "md-button", "Show " + Math.min(STEP, hits.length - listed).toLocaleString("en") + " more");
          b.type = "button";
          b.addEventListener("click", function () {
            var at = listed, mine = bseq;
            out.setAttribute("aria-busy", "true");
            show(listed + STEP).then(function () {
              var links = out.querySelectorAll("li > a");
              if (links[at]) links[at].focus();
              if (mine === bseq) out.setAttribute("aria-busy", "false");
            });
          });
          li.appendChild(b);
          out.appendChild(li);
        }
      });
    }
    function update() {
      var s = chosen(), mine = ++bseq;
      toAddress(s);
      out.setAttribute("aria-busy", "true");
      var filters = { status: { any: statuses } };
      Object.keys(s).forEach(function (k) { if (k !== "q") filters[k] = s[k]; });
      return load().then(mergeAll).then(function (pf) {
        return pf.search(s.q || null, s.q ? { filters: filters } : { filters: filters, sort: { date: "desc" } });
      }).then(function (res) {
        if (mine !== bseq) return;
        hits = res ? res.results : [];
        listed = 0;
        out.textContent = "";
        countEl.textContent = facts(hits.length);
        return show(STEP);
      }).catch(function () {
        if (mine === bseq) countEl.textContent = "Browsing is not available.";
      }).then(function () {
        if (mine === bseq) out.setAttribute("aria-busy", "false");
      });
    }

    panel.addEventListener("change", function () { clearTimeout(btimer); update(); });
    panel.addEventListener("input", function (ev) {
      if (ev.target.tagName === "SELECT") return;  // "change" follows
      out.setAttribute("aria-busy", "true");  // until the results for this text are shown
      clearTimeout(btimer);
      btimer = setTimeout(update, 200);
    });
    panel.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(btimer); update(); });
    panel.addEventListener("reset", function () { setTimeout(update, 0); });
    window.addEventListener("popstate", function () { fromAddress(); update(); });
    fromAddress();
    update();
  }

  /* A name query: the entities that carry the query as their name or one of their
     aliases (whole words, any case), exact names first. They lead the results. */
  function norm(s) { return " " + text(s).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim() + " "; }
  function named(q) {
    var nq = norm(q);
    return function (res) {
      if (!res || nq.trim() === "") return [];
      return Promise.all(res.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (datas) {
        var hits = [];
        datas.forEach(function (d) {
          var m = d.meta || {};
          var names = [m.title].concat(String(m.aka || "").split(" · ")).map(norm);
          var exact = names.indexOf(nq) >= 0;
          if (exact || names.some(function (n) { return n.indexOf(nq) >= 0; })) hits.push([exact ? 0 : 1, hits.length, d]);
        });
        hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
        return hits.slice(0, 3).map(function (h) { return h[2]; });
      });
    };
  }
  /* The general results without the entities already shown first. */
  function dedupe(urls) {
    if (!urls.length) return Promise.resolve();
    var lead = results.slice(0, urls.length), rest = results.slice(urls.length);
    return Promise.all(rest.slice(0, PAGE + urls.length).map(function (r) { return r.data(); })).then(function (datas) {
      var kept = [];
      datas.forEach(function (d, i) {
        if (urls.indexOf(href(d)) < 0) kept.push({ data: (function (x) { return function () { return Promise.resolve(x); }; })(d) });
      });
      results = lead.concat(kept).concat(rest.slice(PAGE + urls.length));
    });
  }

  function more() {
    var from = shown.length, mine = seq;
    var next = results.slice(from, from + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== seq) return;
      var old = list.querySelector(".fs-search-more");
      if (old) old.remove();
      datas.forEach(function (d) { shown.push(d); list.appendChild(item(d)); });
      if (results.length > shown.length || pending.length) {
        var li = el("li", "md-search-result__item fs-search-more");
        var b = el("button", "md-button", "Show more results");
        b.type = "button";
        b.addEventListener("click", function () {
          var at = shown.length;
          (pending.length ? run(at + PAGE, true) : more()).then(function () {  // more: with the facts
            var links = list.querySelectorAll(".md-search-result__link");
            if (links[at]) links[at].focus();
          });
        });
        li.appendChild(b);
        list.appendChild(li);
      }
    });
  }

  /* Search for the box's text; ``atLeast`` results shown (a page by default), and with
     ``facts`` the fact shards merged in first (see load). */
  function run(atLeast, facts) {
    var q = input.value.trim(), mine = ++seq;
    list.setAttribute("aria-busy", "true");
    if (!q) {
      list.setAttribute("aria-busy", "false");
      list.textContent = "";
      meta.textContent = t["search.result.placeholder"] || "Type to start searching";
      return Promise.resolve();
    }
    return load().then(function (pf) {
      return facts ? mergeAll(pf) : pf;
    }).then(function (pf) {
      function both() {
        return Promise.all([pf.search(q), pf.search(q, { filters: { type: "entity" } }).then(named(q))]);
      }
      return both().then(function (r) {  // nothing in the first bundle: the facts are needed
        return pending.length && r[0] && !r[0].results.length ? mergeAll(pf).then(both) : r;
      });
    }).then(function (both) {
      if (mine !== seq || !both[0]) return;
      var first = both[1], urls = first.map(href);
      results = both[0].results;
      shown = [];
      list.textContent = "";
      meta.textContent = count(both[0].results.length) + (pending.length ? " among names, sources and pages; more among the facts" : "");
      first.forEach(function (d) { shown.push(d); list.appendChild(item(d)); });
      results = first.map(function (d) { return { data: function () { return Promise.resolve(d); } }; }).concat(results);
      return dedupe(urls).then(function step() {
        return more().then(function () {
          if (mine === seq && shown.length < (atLeast || 0) && results.length > shown.length) return step();
        });
      });
    }).catch(function () {
      if (mine === seq) meta.textContent = "Search is not available";
    }).then(function () {
      if (mine === seq) list.setAttribute("aria-busy", "false");
    });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
  }
  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  var browsing = document.querySelector("form[data-fs-browse]");
  if (browsing) browse(browsing);
  if (!root || !toggle || !input || !form || !meta || !list) return;

  input.addEventListener("focus", function () { load(); if (!toggle.checked) { toggle.checked = true; } });
  input.addEventListener("input", function () {
    list.setAttribute("aria-busy", "true");  // until the results for this text are shown
    clearTimeout(timer);
    timer = setTimeout(function () { run(); }, 120);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { input.focus(); load(); }
  });
  list.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("a")) close();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var active = document.activeElement;
    var inSearch = root.contains(active);
    if (!toggle.checked || !inSearch) {
      var field = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!field && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
        ev.preventDefault();
        open();
      }
      return;
    }
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      var items = [input].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link, .fs-search-more button")));
      var i = items.indexOf(active);
      var next = (Math.max(i, 0) + items.length + (ev.key === "ArrowUp" ? -1 : 1)) % items.length;
      items[next].focus();
      ev.preventDefault();
    }
  });
})();
