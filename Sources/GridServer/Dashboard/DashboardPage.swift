/// The dashboard at `/`: one self-contained page (no CDN) that polls the JSON API.
///
/// It reads `/api/v1/status`, `/sites`, `/services`, `/drift`, `/rollouts` and `/events` with
/// the token from `#token=...` (kept in sessionStorage), draws the sites on an SVG world map
/// and degrades to what a tenant token may see (403 on `/status` and `/sites`). Hooks for
/// browser tests: `body[data-state]` (loading, live, offline), `body[data-last-update]`,
/// `circle.site[data-site][data-condition]`, `#drift tr[data-resource][data-site]`,
/// `#revision[data-sha]`, `#rollouts [data-rollout]`, `#capacity`, `#allocation`.
enum DashboardPage {
    static let html: String = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>gridops dashboard</title>
    <link rel="icon" href="data:,">
    <style>
    :root{color-scheme:light;--ink:#1b1f24;--muted:#4a5361;--line:#d3d9e1;--bg:#f3f5f8;--card:#fff;--accent:#1f5fbf}
    *{box-sizing:border-box}
    body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
    h1,h2,h3{margin:0;line-height:1.2}
    h1{font-size:20px}
    h2{font-size:15px;margin-bottom:8px}
    h3{font-size:14px}
    code{font:12.5px/1.3 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
    .skip{position:absolute;left:-9999px}
    .skip:focus{left:8px;top:8px;background:#fff;color:var(--ink);padding:6px 10px;z-index:9}
    .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    header{background:#1b2430;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:6px 20px}
    header .brand{display:flex;align-items:baseline;gap:10px}
    header .brand span{color:#c5cedb;font-size:13px}
    #conn{margin:0;padding:2px 10px;border-radius:12px;background:#254d33;color:#e3f6e8;font-weight:600}
    body[data-state=loading] #conn{background:#39465a;color:#fff}
    body[data-state=offline] #conn{background:#ffe1dc;color:#7a1410}
    #updated{color:#c5cedb;font-size:12.5px}
    button{font:inherit;padding:4px 12px;border-radius:4px;border:1px solid #8d99ab;background:#fff;color:var(--ink);cursor:pointer}
    header button{margin-left:auto;background:#2c3a4d;color:#fff;border-color:#6d7c91}
    button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
    #counts{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0;width:100%}
    #counts div{display:flex;gap:6px;align-items:baseline}
    #counts dt{color:#c5cedb;font-size:12.5px}
    #counts dd{margin:0;font-weight:700;font-size:16px}
    #counts dd.sub{font-weight:400;font-size:12.5px;color:#dfe5ee}
    #token-form{background:#fff8e1;border:1px solid #e0c36a;border-radius:6px;margin:12px 16px 0;padding:10px 12px;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
    #token-form[hidden],[hidden]{display:none!important}
    #token-form input{font:inherit;padding:4px 8px;min-width:22em;border:1px solid #6b7686;border-radius:4px}
    #token-msg{margin:0;width:100%;color:#5c3b00}
    #view-note{margin:12px 16px 0;padding:8px 12px;background:#e8f0fc;border:1px solid #a9c1e8;border-radius:6px}
    main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:12px;padding:12px 16px 24px;align-items:start}
    section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px;min-width:0}
    .col{display:flex;flex-direction:column;gap:12px;min-width:0}
    .wide{grid-column:1/-1}
    .note{margin:0 0 6px;padding:6px 10px;border-left:4px solid #b26a00;background:#fff6e5}
    .empty{color:var(--muted);font-style:italic}
    .muted{color:var(--muted)}
    #map{display:block;width:100%;height:auto;background:#e6eef7;border-radius:4px}
    #map .land{fill:#cdd5df}
    #map .grat{fill:none;stroke:#9fb0c3;stroke-width:.6;stroke-dasharray:2 3}
    .site{stroke:#12161b;stroke-width:1.2;cursor:pointer}
    .site[data-condition=Offline]{stroke-dasharray:3 2}
    .site:hover,.site.sel{stroke-width:2.4}
    .site:focus{outline:none;stroke:#000;stroke-width:4;filter:drop-shadow(0 0 3px #ffbf00) drop-shadow(0 0 2px #ffbf00)}
    .sym{fill:none;stroke-width:1.7;stroke-linecap:round;stroke-linejoin:round;pointer-events:none}
    #legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:8px 0 4px;padding:0}
    #legend li{display:flex;align-items:center;gap:5px}
    #site-detail{margin:6px 0 0;min-height:2.9em;font-size:13px}
    #site-detail b{font-size:14px}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e3e7ed;vertical-align:top}
    thead th{color:var(--muted);font-weight:600;border-bottom:1px solid #b8c2cf}
    tbody th[scope=rowgroup]{background:#f0f3f7;font-weight:600}
    td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
    .bar{display:inline-block;vertical-align:middle;width:96px;height:10px;background:#e2e7ee;border:1px solid #aeb8c6;border-radius:2px;overflow:hidden;margin-right:6px}
    .bar span{display:block;height:100%;background:var(--accent)}
    .bar.hot span{background:#b54708}
    td.u{white-space:nowrap}
    #allocation .bar{width:64px}
    th,td{overflow-wrap:anywhere}
    .pct{display:inline-block;min-width:3.2em;text-align:right;font-variant-numeric:tabular-nums}
    #revision .sha{background:#eef1f5;padding:1px 5px;border-radius:3px}
    #revision .msg{font-weight:600;margin:4px 0 2px}
    #revision .body{white-space:pre-wrap;color:var(--muted);margin:0 0 4px;font-size:13px}
    #refused{margin:8px 0 0;padding:6px 10px;border-left:4px solid #b42318;background:#fdecea}
    #last-pass{margin-top:8px;font-size:13px}
    #last-pass ul{margin:4px 0 0;padding-left:18px}
    .rollout{border-top:1px solid #e3e7ed;padding:8px 0}
    .rollout:first-child{border-top:0;padding-top:0}
    .rollout h3{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
    .phase{font-size:12px;font-weight:700;padding:1px 8px;border-radius:10px;background:#e8eef8;color:#17407e}
    .phase[data-phase=Failed],.phase[data-phase=Aborted]{background:#fde2e1;color:#7f1d1d}
    .phase[data-phase=Paused]{background:#fff1cc;color:#5c3b00}
    .phase[data-phase=Succeeded]{background:#dcf3e3;color:#14532d}
    .waves{list-style:none;display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 2px;padding:0}
    .wave{border:1px solid #b8c2cf;border-radius:12px;padding:1px 9px;font-size:12.5px;background:#f3f5f8;color:#374151}
    .wave[data-state=done]{background:#dcf3e3;border-color:#6fbf8a;color:#14532d}
    .wave[data-state=current]{background:#dbe7ff;border-color:#2f6fd6;color:#17407e;font-weight:600}
    .wave.failed{background:#fde2e1;border-color:#d05a52;color:#7f1d1d}
    .reason{margin:4px 0 0;color:#7f1d1d}
    .fields{margin:0;padding-left:16px}
    #events{list-style:none;margin:0;padding:0;font-size:13px}
    #events li{display:flex;gap:10px;padding:2px 0;border-bottom:1px solid #eef1f5}
    #events time{color:var(--muted);font-variant-numeric:tabular-nums}
    .lvl{font-weight:700;min-width:5.5em}
    .lvl-warning{color:#8a4b00}
    .lvl-error{color:#b42318}
    details summary{cursor:pointer;color:var(--accent);margin-top:6px}
    </style>
    </head>
    <body data-state="loading">
    <a class="skip" href="#main">Skip to content</a>
    <header>
    <div class="brand"><h1>gridops</h1><span>GPU grid control plane</span></div>
    <p id="conn" role="status" aria-live="polite">Connecting…</p>
    <span id="updated"></span>
    <button type="button" id="token-button">Change token</button>
    <dl id="counts" aria-label="Counts"></dl>
    </header>
    <form id="token-form" hidden>
    <label for="token-input">API token</label>
    <input id="token-input" name="token" type="password" autocomplete="off" spellcheck="false" required>
    <button type="submit">Use token</button>
    <p id="token-msg">Paste an API token to see the grid.</p>
    </form>
    <p id="view-note" hidden></p>
    <main id="main">
    <div class="col">
    <section id="map-sec" aria-labelledby="map-h">
    <h2 id="map-h">Sites</h2>
    <p class="note" hidden></p>
    <div class="content">
    <svg id="map" viewBox="0 0 1000 500" role="group" aria-labelledby="map-h" aria-describedby="map-desc">
    <desc id="map-desc">World map of the sites, placed by their coordinates; each marker is sized by its GPUs and colored and marked by its condition.</desc>
    <path class="land" aria-hidden="true" d="M33 67 50 56 67 53 111 56 144 56 181 61 236 50 272 47 278 75 239 86 244 92 272 97 281 106 286 83 306 78 322 83 344 106 333 119 317 125 306 133 294 139 289 153 275 164 278 178 272 175 267 167 250 169 231 175 231 189 244 197 256 192 258 206 269 208 269 222 281 225 286 228 278 231 269 228 261 217 244 211 231 206 208 194 206 186 194 183 189 169 181 167 175 161 164 153 156 139 156 122 156 114 139 100 122 89 94 81 78 86 61 92 42 97 56 86 42 81 42 69ZM297 33 333 22 417 19 444 28 444 56 381 83 361 72 347 56 333 39ZM286 228 300 217 328 219 356 236 361 250 378 256 403 264 403 275 392 292 386 311 367 322 353 342 339 356 328 358 319 375 311 389 308 403 294 394 292 378 297 356 303 333 306 300 289 289 275 264 278 250 283 242ZM475 147 475 131 494 128 489 117 506 108 514 103 522 100 522 92 531 89 528 86 514 86 514 78 539 64 556 56 578 53 611 64 622 61 667 58 694 47 722 47 778 36 814 44 861 53 889 50 944 56 972 56 1000 58 1000 69 986 78 953 83 950 94 933 108 931 89 897 86 881 100 892 117 875 131 858 136 858 153 850 153 850 144 839 139 828 144 839 147 833 161 839 169 831 181 817 189 800 192 794 200 803 217 792 225 778 214 778 228 786 244 781 242 772 228 772 206 761 206 756 189 744 189 722 208 717 228 703 203 700 192 686 183 672 181 658 178 656 183 664 189 653 203 622 217 619 208 608 192 597 172 594 164 600 150 583 150 575 147 572 139 564 139 564 147 556 139 553 133 536 122 544 136 550 139 544 144 533 133 528 128 508 131 500 139 497 147 483 150ZM453 192 453 208 467 228 478 239 494 236 514 233 525 239 528 256 536 267 533 297 542 325 550 344 561 344 575 342 592 322 597 308 611 292 611 278 608 264 617 250 642 219 622 219 619 214 608 206 600 189 592 172 589 164 556 161 553 167 528 156 531 147 508 147 494 153 483 150 472 167 461 178ZM817 311 814 322 819 344 828 347 844 344 864 336 883 347 889 356 906 358 917 353 925 333 925 319 906 303 894 281 892 297 878 292 881 283 864 281 850 289 839 297ZM486 111 503 108 506 103 494 94 494 89 486 89 483 97 492 100 486 106ZM472 106 483 106 483 97 478 97 472 100ZM861 164 867 156 875 156 889 153 892 144 894 136 889 136 886 144 878 150 867 153 861 158ZM764 236 772 239 794 267 789 267ZM803 244 808 258 822 261 828 247 825 231 814 242ZM864 253 892 258 917 278 897 275 883 272ZM978 344 994 356 986 364 978 367 964 378 975 372 983 364 981 347ZM622 319 631 319 639 292 636 283 622 297ZM0 467 167 456 333 428 417 467 583 444 750 433 917 439 1000 467 1000 500 0 500Z"/>
    <path class="grat" aria-hidden="true" d="M83.3 0V500M166.7 0V500M250 0V500M333.3 0V500M416.7 0V500M500 0V500M583.3 0V500M666.7 0V500M750 0V500M833.3 0V500M916.7 0V500M0 83.3H1000M0 166.7H1000M0 250H1000M0 333.3H1000M0 416.7H1000"/>
    <g id="sites-layer"></g>
    </svg>
    <ul id="legend" aria-label="Condition legend"></ul>
    <p id="site-detail" class="muted">Select a site marker (hover, click, or Tab to it) for details.</p>
    <details><summary id="site-list-summary">Site list</summary>
    <table id="sites"><thead><tr><th scope="col">Site</th><th scope="col">Region</th><th scope="col">Tier</th><th scope="col">Condition</th><th scope="col" class="num">GPUs in use</th></tr></thead><tbody></tbody></table>
    </details>
    </div>
    </section>
    <section id="rollouts-sec" aria-labelledby="ro-h">
    <h2 id="ro-h">Rollouts in progress</h2>
    <p class="note" hidden></p>
    <div class="content"><div id="rollouts"><p class="empty">Waiting for data…</p></div></div>
    </section>
    </div>
    <div class="col">
    <section id="revision-sec" aria-labelledby="rev-h">
    <h2 id="rev-h">Revision in force</h2>
    <p class="note" hidden></p>
    <div class="content">
    <div id="revision" data-sha=""><p class="empty">Waiting for data…</p></div>
    <p id="refused" hidden></p>
    <div id="last-pass"></div>
    </div>
    </section>
    <section id="capacity-sec" aria-labelledby="cap-h">
    <h2 id="cap-h">Capacity and utilization</h2>
    <p class="note" hidden></p>
    <div class="content">
    <table id="capacity"><thead><tr><th scope="col">Group</th><th scope="col" class="num">GPUs in use / capacity</th><th scope="col">Utilization</th></tr></thead></table>
    </div>
    </section>
    <section id="allocation-sec" aria-labelledby="al-h">
    <h2 id="al-h">Allocation by tenant</h2>
    <p class="note" hidden></p>
    <div class="content">
    <table id="allocation"><thead><tr><th scope="col">Tenant</th><th scope="col" class="num">Services</th><th scope="col" class="num">Placed replicas</th><th scope="col" class="num">Unplaced</th><th scope="col">Share</th></tr></thead><tbody></tbody></table>
    </div>
    </section>
    </div>
    <section id="drift-sec" class="wide" aria-labelledby="dr-h">
    <h2 id="dr-h">Drift</h2>
    <p class="note" hidden></p>
    <div class="content">
    <p id="drift-when" class="muted"></p>
    <table id="drift"><thead><tr><th scope="col">Site</th><th scope="col">Resource</th><th scope="col">Drift</th><th scope="col">What differs</th><th scope="col">Healed?</th></tr></thead><tbody></tbody></table>
    </div>
    </section>
    <section id="events-sec" class="wide" aria-labelledby="ev-h">
    <h2 id="ev-h">Recent events</h2>
    <p class="note" hidden></p>
    <div class="content"><ol id="events"></ol></div>
    </section>
    </main>
    <script>
    "use strict";
    (() => {
    const KEY = "gridops.token", API = "/api/v1/", SVGNS = "http://www.w3.org/2000/svg";
    const CONDS = ["Ready", "Progressing", "Degraded", "Offline", "Stalled", "Unknown"];
    const FILL = {Ready: "#2e8540", Progressing: "#2563c9", Degraded: "#e8a317", Offline: "#6b7280", Stalled: "#c8262b", Unknown: "#d3d7dd"};
    const INK = {Degraded: "#1b1f24", Unknown: "#1b1f24"};
    const SYM = {Ready: "M-3 0l2 2.6 4-5.2", Progressing: "M-1.6-3.4l3.4 3.4-3.4 3.4", Degraded: "M0-3.6v3.6M0 3.2v.2",
      Offline: "M-3.4 0h6.8", Stalled: "M-2.8-2.8l5.6 5.6M2.8-2.8l-5.6 5.6", Unknown: "M-2.2-1.6a2.2 2.2 0 1 1 2.8 2.1c-.6.2-.6.6-.6 1.1M0 3.4v.1"};
    const TIERS = ["factory", "regional", "edge"];
    const $ = id => document.getElementById(id);
    const body = document.body;

    // el.replaceChildren(...) without the null/false children that h() skips too (the DOM
    // would render them as the text "null").
    function put(el, ...kids) {
      el.replaceChildren(...kids.flat().filter(c => c !== null && c !== undefined && c !== false));
    }
    function h(tag, attrs, ...kids) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "class") e.className = v; else e.setAttribute(k, v === true ? "" : String(v));
      }
      for (const c of kids.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
      return e;
    }
    function sv(tag, attrs) {
      const e = document.createElementNS(SVGNS, tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
      return e;
    }
    const hhmmss = d => d.toTimeString().slice(0, 8);
    const cond = c => CONDS.includes(c) ? c : "Unknown";
    const short = sha => String(sha || "").slice(0, 12);
    const plural = (n, w) => n + " " + w + (n === 1 ? "" : "s");
    const sum = (xs, f) => xs.reduce((a, x) => a + (Number(f(x)) || 0), 0);
    const arr = x => Array.isArray(x) ? x : [];
    const pct = (a, b) => b > 0 ? Math.round(a / b * 100) : 0;
    function ago(iso) {
      const t = Date.parse(iso);
      if (isNaN(t)) return "";
      const s = Math.max(0, Math.round((Date.now() - t) / 1000));
      return s < 60 ? s + " s ago" : s < 3600 ? Math.round(s / 60) + " min ago" : s < 86400 ? Math.round(s / 3600) + " h ago" : Math.round(s / 86400) + " d ago";
    }
    function timeEl(iso) {
      const d = new Date(iso);
      return isNaN(d) ? "" : h("time", {datetime: iso, title: d.toLocaleString()}, hhmmss(d) + " (" + ago(iso) + ")");
    }
    function bar(p, hot = true) {
      const b = h("span", {class: hot && p >= 90 ? "bar hot" : "bar", "aria-hidden": "true"}, h("span"));
      b.firstChild.style.width = Math.min(100, Math.max(0, p)) + "%";
      return [b, h("span", {class: "pct"}, p + "%")];
    }
    function symbol(c, scale) {
      return sv("path", {class: "sym", d: SYM[c], stroke: INK[c] || "#fff", transform: scale, "aria-hidden": "true"});
    }

    // ---- token ----
    let token = null;
    try { token = sessionStorage.getItem(KEY); } catch (e) { /* storage off */ }
    {
      const m = /(?:^|&)token=([^&]*)/.exec(location.hash.slice(1));
      if (m) {
        try { token = decodeURIComponent(m[1]); } catch (e) { token = m[1]; }
        try { sessionStorage.setItem(KEY, token); } catch (e) { /* storage off */ }
        history.replaceState(null, "", location.pathname + location.search);
      }
    }
    if (!token) token = null;
    function showForm(msg) {
      $("token-msg").textContent = msg;
      $("token-form").hidden = false;
    }
    $("token-button").addEventListener("click", () => { showForm("Paste an API token to use instead."); $("token-input").focus(); });
    $("token-form").addEventListener("submit", ev => {
      ev.preventDefault();
      const v = $("token-input").value.trim();
      if (!/^[\x21-\x7e]+$/.test(v)) { showForm("A token is printable ASCII without spaces."); return; }
      token = v;
      try { sessionStorage.setItem(KEY, v); } catch (e) { /* storage off */ }
      $("token-input").value = "";
      evNext = 0; events = [];
      $("token-form").hidden = true;
      delete body.dataset.auth;
      setConn("Connecting…");
      tick();
    });

    // ---- fetching ----
    async function get(path) {
      const headers = {Accept: "application/json"};
      if (token) headers.Authorization = "Bearer " + token;
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), 10000);
      let r;
      try { r = await fetch(API + path, {headers, cache: "no-store", signal: ctl.signal}); }
      catch (e) { clearTimeout(timer); return {net: true, status: 0, error: "no answer"}; }
      let data = null;
      try { data = await r.json(); } catch (e) { /* not JSON */ }
      clearTimeout(timer);
      if (r.ok && data && typeof data === "object") return {ok: true, status: r.status, data};
      return {status: r.status, error: data && typeof data.error === "string" ? data.error : "HTTP " + r.status};
    }

    // ---- sections ----
    function access(secId, r, what) {
      const sec = $(secId), note = sec.querySelector(".note"), content = sec.querySelector(".content");
      if (r.ok) { sec.dataset.access = "ok"; note.hidden = true; content.hidden = false; return true; }
      let text;
      if (r.status === 403) text = "Not shown: " + what + " needs an admin token (the server answered 403: " + r.error + ").";
      else if (r.status === 404) text = "Not available on this server (404).";
      else if (r.net || r.status >= 500) text = "Could not refresh (" + r.error + "); showing the last data.";
      else text = "Could not load (" + r.status + ": " + r.error + ").";
      sec.dataset.access = r.status === 403 ? "denied" : "error";
      note.textContent = text;
      note.hidden = false;
      if (r.status >= 400 && r.status < 500) content.hidden = true;
      return false;
    }

    function renderCounts(st, svc, drift, ro) {
      const dl = $("counts"), items = [];
      const add = (key, label, value, sub) => items.push(h("div", {"data-count": key}, h("dt", null, label), h("dd", null, String(value)), sub ? h("dd", {class: "sub"}, sub) : null));
      if (st) {
        const c = st.counts || {};
        const by = c.sitesByCondition || {};
        add("sites", "Sites", c.sites ?? 0, CONDS.filter(k => by[k]).map(k => by[k] + " " + k).join(", "));
        add("services", "Services", c.services ?? 0);
        add("gpus", "GPUs in use", (c.gpusInUse ?? 0) + " / " + (c.gpus ?? 0), pct(c.gpusInUse, c.gpus) + "%");
        add("drift", "Drifted", c.driftedResources ?? 0);
        add("unplaced", "Unplaced replicas", c.unplacedReplicas ?? 0);
        add("rollouts", "Active rollouts", c.activeRollouts ?? 0);
      } else {
        if (svc) {
          add("services", "Services", svc.length);
          add("unplaced", "Unplaced replicas", sum(svc, s => s.unplacedReplicas));
        }
        if (drift) add("drift", "Drifted", drift.length);
        if (ro) add("rollouts", "Active rollouts", ro.filter(r => r.phase === "Progressing" || r.phase === "Paused").length);
        if (items.length) items.push(h("div", {"data-count": "scope"}, h("dt", null, "Scope"), h("dd", {class: "sub"}, "what this token may see")));
      }
      put(dl, ...items);
    }

    function renderRevision(st) {
      const rev = $("revision");
      if (st.revision) {
        const msg = String(st.revision.message || "").trim();
        const nl = msg.indexOf("\n");
        const first = nl < 0 ? msg : msg.slice(0, nl), rest = nl < 0 ? "" : msg.slice(nl + 1).trim();
        rev.dataset.sha = st.revision.sha;
        put(rev, 
          h("div", null, h("code", {class: "sha", title: st.revision.sha}, short(st.revision.sha)), " by ", h("span", {class: "author"}, st.revision.author || "unknown")),
          h("p", {class: "msg"}, first || "(no commit message)"),
          rest ? h("p", {class: "body"}, rest.length > 400 ? rest.slice(0, 400) + "…" : rest) : null);
      } else {
        rev.dataset.sha = "";
        put(rev, h("p", {class: "empty"}, st.ready ? "No valid revision yet." : "No revision in force yet: the first pass has not finished."));
      }
      const ref = $("refused");
      if (st.refused) {
        ref.dataset.sha = st.refused.sha;
        put(ref, h("strong", null, "Refused: "), h("code", {title: st.refused.sha}, short(st.refused.sha)), " — " + st.refused.reason);
        ref.hidden = false;
      } else { ref.hidden = true; delete ref.dataset.sha; }
      const lp = $("last-pass"), p = st.lastPass;
      if (!p) { delete lp.dataset.converged; put(lp, h("p", {class: "muted"}, "No pass has finished yet.")); return; }
      lp.dataset.converged = String(!!p.converged);
      const reasons = arr(p.notConverged);
      put(lp, 
        h("div", null, h("strong", null, "Last pass: "), p.converged ? "converged ✓" : "not converged ✗", ", finished ", timeEl(p.finishedAt), " in " + (p.durationMs / 1000).toFixed(1) + " s"),
        h("div", {class: "muted"}, `Actions: ${p.actionsPlanned} planned, ${p.actionsDone} done, ${p.actionsFailed} failed`),
        reasons.length ? h("ul", null, reasons.slice(0, 5).map(x => h("li", null, x)), reasons.length > 5 ? h("li", {class: "muted"}, `and ${reasons.length - 5} more`) : null) : null);
    }

    // map: circles are updated in place so keyboard focus survives a refresh
    const markers = new Map();
    let sitesData = [], selected = null;
    const capOf = s => sum(arr(s.gpus), g => g.capacity);
    const useOf = s => sum(arr(s.gpus), g => g.inUse);
    function showDetail(name) {
      selected = name;
      for (const [n, m] of markers) m.c.classList.toggle("sel", n === name);
      const s = sitesData.find(x => x.name === name), el = $("site-detail");
      if (!s) { el.textContent = "Select a site marker (hover, click, or Tab to it) for details."; el.className = "muted"; return; }
      el.className = "";
      put(el, 
        h("b", null, s.name), ` — ${cond(s.condition)}${s.reason ? ": " + s.reason : ""}${s.maintenance ? " (maintenance)" : ""}${s.reachable === false ? " (unreachable)" : ""}`, h("br"),
        `${s.region}, ${s.tier}, ${s.jurisdiction}. GPUs: ` + (arr(s.gpus).map(g => `${g.model} ${g.inUse}/${g.capacity}`).join(", ") || "none") +
        `. Tenants: ${arr(s.tenants).join(", ") || "none"}.`);
    }
    function renderSites(sites) {
      sitesData = sites;
      const layer = $("sites-layer");
      const maxCap = Math.max(1, ...sites.map(capOf));
      const order = [...sites].sort((a, b) => capOf(b) - capOf(a) || a.name.localeCompare(b.name));
      const seen = new Set();
      for (const s of order) {
        seen.add(s.name);
        let m = markers.get(s.name);
        if (!m) {
          const g = sv("g"), c = sv("circle", {class: "site", tabindex: "0", role: "img"}), t = sv("title");
          c.append(t);
          c.dataset.site = s.name;
          c.addEventListener("focus", () => showDetail(s.name));
          c.addEventListener("mouseenter", () => showDetail(s.name));
          c.addEventListener("click", () => showDetail(s.name));
          g.append(c);
          m = {g, c, t, sym: null};
          markers.set(s.name, m);
        }
        const k = cond(s.condition), cap = capOf(s), use = useOf(s);
        const lat = Number(s.location && s.location.lat) || 0, lon = Number(s.location && s.location.lon) || 0;
        const x = ((lon + 180) / 360 * 1000).toFixed(1), y = ((90 - lat) / 180 * 500).toFixed(1);
        const r = 5 + 16 * Math.sqrt(cap / maxCap);
        const c = m.c;
        c.setAttribute("cx", x); c.setAttribute("cy", y); c.setAttribute("r", r.toFixed(1));
        c.setAttribute("fill", FILL[k]);
        c.dataset.condition = s.condition || "Unknown";
        c.dataset.gpus = String(cap);
        c.setAttribute("aria-label", `${s.name}: ${k}, ${plural(cap, "GPU")}`);
        m.t.textContent = `${s.name} (${s.region}, ${s.tier}): ${k}${s.reason ? " — " + s.reason : ""}; ${use} of ${plural(cap, "GPU")} in use`;
        const sym = symbol(k, `translate(${x} ${y}) scale(${Math.max(1, r / 10).toFixed(2)})`);
        if (m.sym) m.sym.replaceWith(sym); else m.g.append(sym);
        m.sym = sym;
      }
      for (const [n, m] of markers) if (!seen.has(n)) { m.g.remove(); markers.delete(n); }
      const want = order.map(s => markers.get(s.name).g);
      if (want.some((g, i) => layer.children[i] !== g)) layer.replaceChildren(...want);
      // legend with symbol and text, so color is not the only cue
      const counts = {};
      for (const s of sites) counts[cond(s.condition)] = (counts[cond(s.condition)] || 0) + 1;
      $("legend").replaceChildren(...CONDS.filter(k => k !== "Unknown" || counts[k]).map(k => {
        const svg = sv("svg", {width: 20, height: 20, viewBox: "-10 -10 20 20", "aria-hidden": "true"});
        svg.append(sv("circle", {r: 8, fill: FILL[k], stroke: "#12161b", "stroke-width": 1.2, "stroke-dasharray": k === "Offline" ? "3 2" : "none"}), symbol(k, "scale(1.1)"));
        return h("li", {"data-condition": k}, svg, `${k} (${counts[k] || 0})`);
      }));
      // the same sites as a table
      $("site-list-summary").textContent = `Site list (${sites.length})`;
      $("sites").tBodies[0].replaceChildren(...[...sites].sort((a, b) => a.name.localeCompare(b.name)).map(s =>
        h("tr", {"data-site": s.name}, h("th", {scope: "row"}, s.name), h("td", null, s.region), h("td", null, s.tier),
          h("td", null, cond(s.condition) + (s.reason ? ": " + s.reason : "")), h("td", {class: "num"}, `${useOf(s)} / ${capOf(s)}`))));
      if (selected) showDetail(selected);
    }

    function renderCapacity(sites) {
      const tiers = new Map(), models = new Map();
      const add = (m, k, cap, use) => { const v = m.get(k) || {cap: 0, use: 0}; v.cap += cap; v.use += use; m.set(k, v); };
      for (const s of sites) for (const g of arr(s.gpus)) {
        add(tiers, s.tier || "?", g.capacity || 0, g.inUse || 0);
        add(models, g.model || "?", g.capacity || 0, g.inUse || 0);
      }
      const rank = t => { const i = TIERS.indexOf(t); return i < 0 ? 99 : i; };
      const row = (attr, k, v) => h("tr", {[attr]: k}, h("th", {scope: "row"}, k), h("td", {class: "num"}, `${v.use} / ${v.cap}`), h("td", {class: "u"}, bar(pct(v.use, v.cap))));
      const group = (name, attr, m, sort) => h("tbody", {"data-group": name},
        h("tr", null, h("th", {scope: "rowgroup", colspan: 3}, name === "tier" ? "By tier" : "By GPU model")),
        [...m.keys()].sort(sort).map(k => row(attr, k, m.get(k))));
      const table = $("capacity");
      for (const el of [...table.tBodies, table.tFoot]) if (el) el.remove();
      const tot = {cap: sum(sites, capOf), use: sum(sites, useOf)};
      if (!sites.length) { table.append(h("tbody", null, h("tr", {class: "empty"}, h("td", {colspan: 3}, "No sites")))); return; }
      table.append(group("tier", "data-tier", tiers, (a, b) => rank(a) - rank(b) || a.localeCompare(b)),
        group("model", "data-model", models, (a, b) => a.localeCompare(b)),
        h("tfoot", null, h("tr", {"data-total": ""}, h("th", {scope: "row"}, "All GPUs"), h("td", {class: "num"}, `${tot.use} / ${tot.cap}`), h("td", {class: "u"}, bar(pct(tot.use, tot.cap))))));
    }

    function renderAllocation(svc) {
      const by = new Map();
      for (const s of svc) {
        const v = by.get(s.tenant) || {services: 0, placed: 0, unplaced: 0, models: new Map()};
        v.services++; v.placed += Number(s.placedReplicas) || 0; v.unplaced += Number(s.unplacedReplicas) || 0;
        for (const p of arr(s.placement)) v.models.set(p.gpuModel, (v.models.get(p.gpuModel) || 0) + (Number(p.replicas) || 0));
        by.set(s.tenant, v);
      }
      const total = sum([...by.values()], v => v.placed);
      const rows = [...by.entries()].sort((a, b) => b[1].placed - a[1].placed || a[0].localeCompare(b[0])).map(([t, v]) =>
        h("tr", {"data-tenant": t}, h("th", {scope: "row"}, t), h("td", {class: "num"}, String(v.services)),
          h("td", {class: "num", title: [...v.models].map(([m, n]) => `${m} ×${n}`).join(", ")}, String(v.placed)),
          h("td", {class: "num"}, String(v.unplaced)), h("td", {class: "u"}, bar(pct(v.placed, total), false))));
      $("allocation").tBodies[0].replaceChildren(...(rows.length ? rows : [h("tr", {class: "empty"}, h("td", {colspan: 5}, "No services"))]));
    }

    const DRIFT_TEXT = {Missing: "declared in git, not running at the site", Orphan: "running at the site, no longer in git", Unmanaged: "running at the site, not managed by gridops"};
    function renderDrift(d) {
      const items = arr(d.items);
      $("drift-when").textContent = d.observedAt ? `Found by the pass that finished at ${hhmmss(new Date(d.observedAt))} (${ago(d.observedAt)}).` : "No pass has finished yet.";
      const rows = items.map(it => {
        const f = arr(it.fields);
        const what = f.length ? h("ul", {class: "fields"}, f.map(x => h("li", null, h("code", null, x.field), ": git says ",
          h("strong", null, x.desired ?? "(absent)"), ", site runs ", h("strong", null, x.observed ?? "(absent)"))))
          : h("span", {class: "muted"}, DRIFT_TEXT[it.drift] || "—");
        return h("tr", {"data-resource": it.resource, "data-site": it.site, "data-drift": it.drift, "data-healing": String(!!it.healing)},
          h("td", null, it.site), h("td", null, h("code", null, it.resource)), h("td", null, it.drift), h("td", null, what),
          h("td", null, it.healing ? "Yes, by the next pass" : `No (policy: ${it.policy || "report"})`));
      });
      $("drift").tBodies[0].replaceChildren(...(rows.length ? rows : [h("tr", {class: "empty", "data-empty": ""}, h("td", {colspan: 5}, "No drift"))]));
    }

    const PHASE_RANK = {Failed: 0, Paused: 1, Progressing: 2, Aborted: 3, Succeeded: 4};
    function renderRollouts(list) {
      const now = Date.now();
      const shown = list.filter(r => (r.phase !== "Succeeded" && r.phase !== "Superseded") || (r.phase === "Succeeded" && now - Date.parse(r.updated) < 3600e3))
        .sort((a, b) => (PHASE_RANK[a.phase] ?? 5) - (PHASE_RANK[b.phase] ?? 5) || String(b.updated).localeCompare(String(a.updated)));
      const bad = r => r.phase === "Failed" || r.phase === "Aborted";
      const out = shown.map(r => {
        const waves = arr(r.waves).map((w, i) => {
          const state = w.healthy ? "done" : i === r.wave - 1 ? "current" : "pending";
          const sites = arr(w.sites);
          const label = state === "current" && bad(r) ? r.phase.toLowerCase() + " here" : state === "current" ? "in progress" : state;
          return h("li", {class: state === "current" && bad(r) ? "wave failed" : "wave", "data-wave": i + 1, "data-state": state, title: sites.join(", ")},
            `Wave ${i + 1}: ${label} · ` + (sites.slice(0, 3).join(", ") + (sites.length > 3 ? ` +${sites.length - 3}` : "") || "no sites"));
        });
        return h("article", {class: "rollout", "data-rollout": r.id, "data-phase": r.phase, "data-service": `${r.tenant}/${r.service}`},
          h("h3", null, h("span", null, `${r.tenant}/${r.service}`), h("span", {class: "phase", "data-phase": r.phase}, r.phase),
            h("span", null, h("code", null, r.fromVersion || "∅"), " → ", h("code", null, r.toVersion))),
          h("ol", {class: "waves", "aria-label": `Waves, ${r.waves ? r.waves.length : 0} in all`}, waves),
          r.reason && r.phase !== "Progressing" ? h("p", {class: bad(r) ? "reason" : "muted"}, (bad(r) ? "Reason: " : "") + r.reason + (r.rolledBack ? " (rolled back)" : "")) : null,
          h("div", {class: "muted"}, `${r.author || "unknown"}`, r.pullRequest ? ` · PR #${r.pullRequest}` : "", " · ", h("code", {title: r.revision}, short(r.revision)), ` · updated ${ago(r.updated)}`));
      });
      $("rollouts").replaceChildren(...(out.length ? out : [h("p", {class: "empty"}, "No rollouts in progress.")]));
    }

    let evNext = 0, events = [];
    async function pollEvents() {
      for (let i = 0; i < 10; i++) {
        const r = await get(`events?since=${evNext}&limit=200`);
        if (!access("events-sec", r, "the event log")) return;
        const list = arr(r.data.events);
        events = events.concat(list).slice(-15);
        if (typeof r.data.next === "number") evNext = r.data.next;
        if (list.length < 200) break;
      }
      $("events").replaceChildren(...(events.length ? [...events].reverse().map(e => h("li", {"data-level": e.level, "data-event": e.id},
        timeEl(e.at), h("span", {class: "lvl lvl-" + e.level}, String(e.level || "").toUpperCase()),
        h("span", null, [e.site, e.resource].filter(Boolean).join(" "), e.site || e.resource ? ": " : "", e.message))) : [h("li", {class: "empty"}, "No events yet.")]));
    }

    function safely(secId, fn) {
      try { fn(); } catch (e) {
        console.error(e);
        const note = $(secId).querySelector(".note");
        note.textContent = "Could not show this data: " + e.message;
        note.hidden = false;
      }
    }

    // ---- polling ----
    let timer = null, gen = 0, failures = 0, downSince = null;
    function setConn(text) { if ($("conn").textContent !== text) $("conn").textContent = text; }
    async function refresh() {
      const names = ["status", "sites", "services", "drift", "rollouts"];
      const res = await Promise.all(names.map(n => get(n)));
      const R = Object.fromEntries(names.map((n, i) => [n, res[i]]));
      if (res.some(r => r.status === 401)) {
        const err = res.find(r => r.status === 401).error;
        if (token) {
          try { sessionStorage.removeItem(KEY); } catch (e) { /* storage off */ }
          token = null;
          body.dataset.auth = "refused";
          showForm(`The server refused this token (${err}). Paste another one.`);
          setConn("Token refused");
        } else {
          body.dataset.auth = "needed";
          showForm("This server needs an API token. Paste one to see the grid.");
          setConn("Token needed");
        }
        return null;
      }
      if (res.some(r => r.net) || res.every(r => r.status >= 500)) {
        failures++;
        if (!downSince) downSince = new Date();
        body.dataset.state = "offline";
        const wait = Math.min(30000, 5000 * 2 ** (failures - 1));
        setConn(`Server unreachable since ${hhmmss(downSince)}, retrying`);
        $("updated").textContent = `next try in ${wait / 1000} s` + (body.dataset.lastUpdate ? `; data from ${hhmmss(new Date(body.dataset.lastUpdate))}` : "");
        return wait;
      }
      failures = 0; downSince = null;
      if (!token) $("token-form").hidden = true;
      delete body.dataset.auth;
      const st = R.status.ok ? R.status.data : null;
      if (access("revision-sec", R.status, "the revision in force")) safely("revision-sec", () => renderRevision(st));
      const sitesOk = access("map-sec", R.sites, "the site map");
      access("capacity-sec", R.sites, "capacity");
      if (sitesOk) {
        const sites = arr(R.sites.data.sites);
        safely("map-sec", () => renderSites(sites));
        safely("capacity-sec", () => renderCapacity(sites));
      }
      if (access("allocation-sec", R.services, "allocation")) safely("allocation-sec", () => renderAllocation(arr(R.services.data.services)));
      if (access("drift-sec", R.drift, "drift")) safely("drift-sec", () => renderDrift(R.drift.data));
      if (access("rollouts-sec", R.rollouts, "rollouts")) safely("rollouts-sec", () => renderRollouts(arr(R.rollouts.data.rollouts)));
      safely("revision-sec", () => renderCounts(st, R.services.ok ? arr(R.services.data.services) : null, R.drift.ok ? arr(R.drift.data.items) : null, R.rollouts.ok ? arr(R.rollouts.data.rollouts) : null));
      const denied = [R.status, R.sites].some(r => r.status === 403);
      body.dataset.view = denied ? "tenant" : "admin";
      const vn = $("view-note");
      vn.hidden = !denied;
      if (denied) vn.textContent = "This token sees only its tenant: the site map, capacity, header counts and the revision in force need an admin token.";
      try { await pollEvents(); } catch (e) { console.error(e); }
      const now = new Date();
      body.dataset.lastUpdate = now.toISOString();
      body.dataset.state = "live";
      setConn("Live");
      $("updated").textContent = "updated " + hhmmss(now);
      return 5000;
    }
    async function tick() {
      const my = ++gen;
      clearTimeout(timer);
      let next;
      try { next = await refresh(); } catch (e) { console.error(e); next = 5000; }
      if (my === gen && next) timer = setTimeout(tick, next);
    }
    if (!token) showForm("No token given: trying without one (a server without a tokens file answers anyway)…");
    tick();
    })();
    </script>
    </body>
    </html>
    """#
}
