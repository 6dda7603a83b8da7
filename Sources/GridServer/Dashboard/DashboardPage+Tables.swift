/// Capacity and allocation from `/api/v1/summary`, and the paged tables (sites, services) that
/// ask the API only while a person has them open.
extension DashboardPage {
    static let tablesScript: String = #"""
    // ---- capacity and allocation, from the summary ----
    function renderCapacity(sm) {
      const rank = t => { const i = TIERS.indexOf(t); return i < 0 ? 99 : i; };
      const row = (attr, k, v) => h("tr", {[attr]: k}, h("th", {scope: "row"}, k, h("span", {class: "muted"}, ` · ${plural(v.sites, "site")}`)),
        h("td", {class: "num"}, `${v.inUse} / ${v.capacity}`), h("td", {class: "u"}, bar(pct(v.inUse, v.capacity))));
      const group = (title, attr, m, sort, top) => {
        const keys = Object.keys(m || {}).sort(sort);
        return h("tbody", {"data-group": attr.slice(5)}, h("tr", null, h("th", {scope: "rowgroup", colspan: 3}, title)),
          keys.slice(0, top).map(k => row(attr, k, m[k])),
          keys.length > top ? h("tr", {class: "muted"}, h("td", {colspan: 3}, `and ${keys.length - top} more`)) : null);
      };
      const table = $("capacity");
      for (const el of [...table.tBodies, table.tFoot]) if (el) el.remove();
      const tot = sm.sites || {sites: 0, capacity: 0, inUse: 0};
      if (!tot.sites) { table.append(h("tbody", null, h("tr", {class: "empty"}, h("td", {colspan: 3}, "No sites")))); return; }
      const bigFirst = m => (a, b) => m[b].capacity - m[a].capacity || a.localeCompare(b);
      table.append(group("By tier", "data-tier", sm.byTier, (a, b) => rank(a) - rank(b) || a.localeCompare(b), 10),
        group("By GPU model", "data-model", sm.byModel, (a, b) => a.localeCompare(b), 12),
        group("By region (largest)", "data-region", sm.byRegion, bigFirst(sm.byRegion || {}), 6),
        h("tfoot", null, h("tr", {"data-total": ""}, h("th", {scope: "row"}, "All GPUs"), h("td", {class: "num"}, `${tot.inUse} / ${tot.capacity}`), h("td", {class: "u"}, bar(pct(tot.inUse, tot.capacity))))));
    }

    function renderAllocation(sm) {
      const shares = arr(sm.tenants).concat(sm.otherTenants ? [sm.otherTenants] : []);
      const total = sum(shares, v => v.gpus);
      const rows = shares.map(v => {
        const other = v === sm.otherTenants;
        const name = other ? h("span", {class: "muted"}, v.name) : h("button", {type: "button", class: "link", title: `List ${v.name}'s services`}, v.name);
        if (!other) name.addEventListener("click", () => openServices({tenant: v.name}));
        return h("tr", {"data-tenant": other ? null : v.name}, h("th", {scope: "row"}, name), h("td", {class: "num"}, String(v.services)),
          h("td", {class: "num"}, String(v.placedReplicas)), h("td", {class: "num"}, String(v.unplacedReplicas)),
          h("td", {class: "num"}, String(v.gpus)), h("td", {class: "u"}, bar(pct(v.gpus, total), false)));
      });
      $("allocation").tBodies[0].replaceChildren(...(rows.length ? rows : [h("tr", {class: "empty"}, h("td", {colspan: 6}, "No services"))]));
      $("allocation-note").textContent = sm.tenantCount > arr(sm.tenants).length ? `The ${arr(sm.tenants).length} tenants with the most GPUs of ${sm.tenantCount}.` : "";
    }

    // ---- paged tables: fetched when opened, a page at a time ----
    const PAGE = 50;
    function pagedTable(cfg) {
      // cfg: {details, table, pager, list, path, filters(), row(item), cols}
      const st = {tokens: [null], page: 0, open: false};
      async function load() {
        const q = new URLSearchParams(cfg.filters());
        q.set("limit", String(PAGE));
        const token = st.tokens[st.page];
        if (token) q.set("continue", token);
        const body = $(cfg.table).tBodies[0];
        const r = await get(`${cfg.path}?${q}`);
        if (!r.ok) { put(body, h("tr", {class: "empty"}, h("td", {colspan: cfg.cols}, `Could not load (${r.error}).`))); return; }
        const items = arr(r.data[cfg.list]), meta = r.data.metadata || {};
        st.tokens[st.page + 1] = meta.continue || null;
        put(body, items.length ? items.map(cfg.row) : [h("tr", {class: "empty"}, h("td", {colspan: cfg.cols}, "Nothing matches."))]);
        const first = st.page * PAGE;
        const pager = $(cfg.pager);
        pager.dataset.page = String(st.page + 1);
        put(pager,
          h("span", null, items.length ? `${first + 1}–${first + items.length} of ${first + items.length + (meta.remainingItemCount || 0)}` : ""),
          pageButton("Previous", st.page > 0, () => { st.page--; load(); }),
          pageButton("Next", !!meta.continue, () => { st.page++; load(); }));
      }
      function pageButton(label, on, fn) {
        const b = h("button", {type: "button", disabled: !on, "data-page-action": label.toLowerCase()}, label);
        b.addEventListener("click", fn);
        return b;
      }
      $(cfg.details).addEventListener("toggle", () => { st.open = $(cfg.details).open; if (st.open) load(); });
      return {
        reset() { st.tokens = [null]; st.page = 0; if ($(cfg.details).open) load(); },
        rewind() { st.tokens = [null]; st.page = 0; },
      };
    }
    const siteTable = pagedTable({details: "site-list", table: "sites", pager: "sites-pager", list: "sites", path: "sites", cols: 5,
      filters: () => $("sites-condition").value ? {condition: $("sites-condition").value} : {},
      row: s => {
        const name = h("button", {type: "button", class: "link"}, s.name);
        name.addEventListener("click", () => showSite(s.name));
        return h("tr", {"data-site": s.name}, h("th", {scope: "row"}, name), h("td", null, s.region), h("td", null, s.tier),
          h("td", null, cond(s.condition) + (s.reason ? ": " + s.reason : "")),
          h("td", {class: "num"}, `${sum(arr(s.gpus), g => g.inUse)} / ${sum(arr(s.gpus), g => g.capacity)}`));
      }});
    $("sites-condition").addEventListener("change", () => siteTable.reset());
    const serviceTable = pagedTable({details: "service-list", table: "services", pager: "services-pager", list: "services", path: "services", cols: 5,
      filters: () => Object.fromEntries([["tenant", $("services-tenant").value.trim()], ["condition", $("services-condition").value]].filter(([, v]) => v)),
      row: s => h("tr", {"data-service": `${s.tenant}/${s.name}`}, h("th", {scope: "row"}, `${s.tenant}/${s.name}`),
        h("td", null, `${s.model} ${s.version}`), h("td", {class: "num"}, `${s.placedReplicas} / ${s.replicas}`),
        h("td", null, cond(s.condition) + (s.reason ? ": " + s.reason : "")),
        h("td", null, arr(s.placement).slice(0, 3).map(p => p.site).join(", ") + (arr(s.placement).length > 3 ? ` +${arr(s.placement).length - 3}` : ""))),
    });
    $("services-filter").addEventListener("submit", e => { e.preventDefault(); serviceTable.reset(); });
    function openServices(f) {
      $("services-tenant").value = f.tenant || "";
      if ($("service-list").open) serviceTable.reset(); else { serviceTable.rewind(); $("service-list").open = true; }
      $("service-list").scrollIntoView({block: "nearest"});
    }
    """#
}
