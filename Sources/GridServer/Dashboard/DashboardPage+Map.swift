/// The map: one marker per cell of `/api/v1/map` (a site alone in its cell is drawn as that
/// site), a ring per cluster split by condition, zoom by clicking a cluster or the buttons;
/// the detail of a site is fetched when a person selects it.
extension DashboardPage {
    static let mapScript: String = #"""
    // ---- map ----
    const W = 1000, H = 500;
    let view = {zoom: 0, x: W / 2, y: H / 2}, selected = null, mapGen = 0;
    const toX = lon => (lon + 180) / 360 * W, toY = lat => (90 - lat) / 180 * H;
    function viewBox() {
      const w = W / 2 ** view.zoom, hh = H / 2 ** view.zoom;
      const x = Math.min(Math.max(view.x - w / 2, 0), W - w), y = Math.min(Math.max(view.y - hh / 2, 0), H - hh);
      return {x, y, w, h: hh};
    }
    function mapPath() {
      if (view.zoom === 0) return "map?zoom=0";
      const b = viewBox(), f = n => n.toFixed(2);
      const west = b.x / W * 360 - 180, east = (b.x + b.w) / W * 360 - 180, north = 90 - b.y / H * 180, south = 90 - (b.y + b.h) / H * 180;
      return `map?zoom=${view.zoom}&bbox=${f(west)},${f(south)},${f(east)},${f(north)}`;
    }
    function setZoom(zoom, x, y) {
      view = {zoom: Math.max(0, Math.min(10, zoom)), x: x ?? view.x, y: y ?? view.y};
      if (view.zoom === 0) view = {zoom: 0, x: W / 2, y: H / 2};
      const b = viewBox();
      $("map").setAttribute("viewBox", `${b.x} ${b.y} ${b.w} ${b.h}`);
      $("map").dataset.zoom = String(view.zoom);
      $("zoom-level").textContent = view.zoom === 0 ? "whole world" : `zoom ${view.zoom}`;
      loadMap();
    }
    async function loadMap() {
      const my = ++mapGen;
      const r = await get(mapPath());
      if (my !== mapGen) return;
      if (access("map-sec", r, "the site map")) safely("map-sec", () => renderMap(r.data));
    }
    function ringLabel(c) {
      return CONDS.filter(k => c.byCondition[k]).map(k => `${c.byCondition[k]} ${k}`).join(", ");
    }
    function renderMap(m) {
      const layer = $("sites-layer"), s = 1 / 2 ** view.zoom, cells = arr(m.cells);
      const maxGpus = Math.max(1, ...cells.map(c => c.gpus || 0));
      const out = [];
      for (const c of [...cells].sort((a, b) => b.sites - a.sites || b.gpus - a.gpus)) {
        const x = toX(c.lon).toFixed(2), y = toY(c.lat).toFixed(2);
        const by = c.byCondition || {};
        if (c.sites === 1 && c.site) {
          const k = cond(Object.keys(by)[0]);
          const r = (6 + 10 * Math.sqrt((c.gpus || 0) / maxGpus)) * s;
          const circle = sv("circle", {class: "site", tabindex: "0", role: "button", cx: x, cy: y, r: r.toFixed(2), fill: FILL[k],
            "aria-label": `${c.site}: ${k}, ${plural(c.gpus || 0, "GPU")}; open its details`});
          circle.dataset.site = c.site;
          circle.dataset.condition = k;
          if (c.site === selected) circle.classList.add("sel");
          const t = sv("title"); t.textContent = `${c.site}: ${k}; ${c.gpusInUse} of ${plural(c.gpus || 0, "GPU")} in use`;
          circle.append(t);
          const open = () => showSite(c.site);
          circle.addEventListener("click", open);
          circle.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
          const g = sv("g");
          g.append(circle, symbol(k, `translate(${x} ${y}) scale(${(Math.max(1, r / s / 10) * s).toFixed(3)})`));
          out.push(g);
          continue;
        }
        // A cluster: its count inside a ring split by condition; a click zooms in on it.
        const r = (12 + 4 * Math.log10(c.sites)) * s, w = 4.5 * s;
        const g = sv("g", {class: "cell", tabindex: "0", role: "button",
          "aria-label": `${c.sites} sites (${ringLabel(c)}), ${c.gpusInUse} of ${c.gpus} GPUs in use; zoom in`});
        g.dataset.count = String(c.sites);
        g.dataset.conditions = ringLabel(c);
        g.append(sv("circle", {cx: x, cy: y, r: r.toFixed(2), class: "cell-bg"}));
        // Each condition present gets at least an eighth of the ring, so 40 offline sites among
        // 400 still show; the rest is shared in proportion.
        const present = CONDS.filter(k => by[k]), MIN = 12.5;
        const small = present.filter(k => by[k] / c.sites * 100 < MIN);
        const rest = present.filter(k => !small.includes(k)), restSites = sum(rest, k => by[k]);
        const share = k => small.includes(k) ? MIN : (100 - MIN * small.length) * by[k] / restSites;
        let done = 0;
        for (const k of present) {
          const p = present.length === 1 ? 100 : share(k);
          g.append(sv("circle", {cx: x, cy: y, r: (r - w / 2).toFixed(2), fill: "none", stroke: FILL[k], "stroke-width": w.toFixed(3),
            pathLength: 100, "stroke-dasharray": `${p.toFixed(2)} ${(100 - p).toFixed(2)}`, "stroke-dashoffset": (25 - done).toFixed(2), "data-ring": k}));
          done += p;
        }
        const label = sv("text", {x, y, dy: "0.35em", "font-size": (c.sites > 999 ? 10 : 12) * s, "text-anchor": "middle", "aria-hidden": "true"});
        label.textContent = c.sites > 9999 ? Math.round(c.sites / 1000) + "k" : String(c.sites);
        const t = sv("title"); t.textContent = `${c.sites} sites: ${ringLabel(c)}; ${c.gpusInUse} of ${c.gpus} GPUs in use. Click to zoom in.`;
        g.append(label, t);
        const zoomIn = () => setZoom(view.zoom + (c.sites > 200 ? 2 : 1), Number(x), Number(y));
        g.addEventListener("click", zoomIn);
        g.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); zoomIn(); } });
        out.push(g);
      }
      layer.replaceChildren(...out);
      $("map").dataset.sites = String(m.sites);
      $("map").dataset.cells = String(cells.length);
      $("map-count").textContent = `${plural(m.sites, "site")} in view, drawn as ${plural(cells.length, "marker")}` +
        (cells.length < m.sites ? " (a ring groups the sites close together: select it to zoom in)" : "") + ".";
    }
    function renderLegend(sm) {
      const by = sm.byCondition || {};
      $("legend").replaceChildren(...CONDS.filter(k => k !== "Unknown" || by[k]).map(k => {
        const svg = sv("svg", {width: 20, height: 20, viewBox: "-10 -10 20 20", "aria-hidden": "true"});
        svg.append(sv("circle", {r: 8, fill: FILL[k], stroke: "#12161b", "stroke-width": 1.2, "stroke-dasharray": k === "Offline" ? "3 2" : "none"}), symbol(k, "scale(1.1)"));
        return h("li", {"data-condition": k}, svg, `${k} (${by[k] ? by[k].sites : 0})`);
      }));
    }
    async function showSite(name) {
      selected = name;
      for (const c of document.querySelectorAll("circle.site")) c.classList.toggle("sel", c.dataset.site === name);
      const el = $("site-detail");
      el.className = "muted";
      el.textContent = `Loading ${name}…`;
      const r = await get("sites/" + encodeURIComponent(name));
      if (selected !== name) return;
      if (!r.ok) { el.textContent = `Could not load ${name} (${r.error}).`; return; }
      const s = r.data, res = arr(s.resources);
      el.className = "";
      el.dataset.site = s.name;
      const failed = res.filter(x => x.status === "failed").length, progressing = res.filter(x => x.status === "progressing").length;
      put(el,
        h("b", null, s.name), ` — ${cond(s.condition)}${s.reason ? ": " + s.reason : ""}${s.maintenance ? " (maintenance)" : ""}${s.reachable === false ? " (unreachable)" : ""}`, h("br"),
        `${s.region}, ${s.tier}, ${s.jurisdiction}. GPUs: ` + (arr(s.gpus).map(g => `${g.model} ${g.inUse}/${g.capacity}`).join(", ") || "none") +
        `. Tenants: ${arr(s.tenants).join(", ") || "none"}. Runs ${plural(res.length, "resource")}` +
        (failed || progressing ? ` (${failed} failed, ${progressing} in progress).` : "."));
    }
    $("zoom-in").addEventListener("click", () => setZoom(view.zoom + 1));
    $("zoom-out").addEventListener("click", () => setZoom(view.zoom - 1));
    $("zoom-reset").addEventListener("click", () => setZoom(0));
    """#
}
