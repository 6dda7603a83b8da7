/// The dashboard's script: the token, polling with backoff, and one render function per section.
/// Text goes in with textContent only, never innerHTML.
extension DashboardPage {
    /// Inside `<script>`.
    static let script: String = #"""
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
    const openHash = location.hash.slice(1);
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

    function renderCounts(st, sm, ro) {
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
        if (sm) {
          add("services", "Services", sm.services ?? 0);
          add("unplaced", "Unplaced replicas", sm.unplacedReplicas ?? 0);
          add("drift", "Drifted", sm.driftedResources ?? 0);
        }
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
      const more = (d.metadata && d.metadata.remainingItemCount) || 0;
      $("drift-more").textContent = more ? `and ${more} more (the first ${items.length} by site are shown).` : "";
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
        const r = await get(evNext ? `events?since=${evNext}&limit=200` : "events?tail=15");
        if (!access("events-sec", r, "the event log")) return;
        const list = arr(r.data.events);
        events = events.concat(list).slice(-15);
        if (typeof r.data.next === "number") evNext = r.data.next;
        if (list.length < 200 || i === 0 && !evNext) break;
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
    """#

    /// The polling loop, after the sections' scripts; closes the script.
    static let pollingScript: String = #"""
    // ---- polling ----
    let timer = null, gen = 0, failures = 0, downSince = null;
    function setConn(text) { if ($("conn").textContent !== text) $("conn").textContent = text; }
    async function refresh() {
      // What one poll asks for: aggregates and first pages, never a whole list (docs/api.md).
      const paths = {status: "status", summary: "summary", map: mapPath(), drift: "drift?limit=20", rollouts: "rollouts?limit=20"};
      const names = Object.keys(paths);
      const myMap = ++mapGen;
      const res = await Promise.all(names.map(n => get(paths[n])));
      body.dataset.poll = names.map(n => paths[n]).join(" ");
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
      if (access("map-sec", R.map, "the site map") && myMap === mapGen) safely("map-sec", () => renderMap(R.map.data));
      const sm = R.summary.ok ? R.summary.data : null;
      if (sm && sm.byCondition) safely("map-sec", () => renderLegend(sm));
      if (access("capacity-sec", sm && !sm.sites ? {status: 403, error: "a tenant token sees no sites"} : R.summary, "capacity")) safely("capacity-sec", () => renderCapacity(sm));
      if (access("allocation-sec", R.summary, "allocation")) safely("allocation-sec", () => renderAllocation(sm));
      if (access("drift-sec", R.drift, "drift")) safely("drift-sec", () => renderDrift(R.drift.data));
      if (access("rollouts-sec", R.rollouts, "rollouts")) safely("rollouts-sec", () => renderRollouts(arr(R.rollouts.data.rollouts)));
      safely("revision-sec", () => renderCounts(st, sm, R.rollouts.ok ? arr(R.rollouts.data.rollouts) : null));
      const denied = [R.status, R.map].some(r => r.status === 403);
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
    // #open=sites or #open=services opens that table at once (a link to share, and the browser test's hook).
    const opened = /(?:^|&)open=(sites|services)/.exec(openHash);
    if (opened) $(opened[1] === "sites" ? "site-list" : "service-list").open = true;
    // #zoom=Z&at=LAT,LON opens the map zoomed in there.
    const zoomed = /(?:^|&)zoom=(\d+)(?:&at=(-?[\d.]+),(-?[\d.]+))?/.exec(openHash);
    if (zoomed) setZoom(Number(zoomed[1]), zoomed[3] === undefined ? undefined : toX(Number(zoomed[3])), zoomed[2] === undefined ? undefined : toY(Number(zoomed[2])));
    tick();
    })();
    """#
}
