/// The dashboard's CSS: a layout for 1280x800, condition colors with AA contrast, focus rings.
extension DashboardPage {
    /// Inside `<style>`.
    static let style: String = #"""
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
    #map .grat{fill:none;stroke:#9fb0c3;stroke-width:.6;stroke-dasharray:2 3;vector-effect:non-scaling-stroke}
    .site{stroke:#12161b;stroke-width:1.2;cursor:pointer;vector-effect:non-scaling-stroke}
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
    #map-tools{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:6px;margin-top:6px;font-size:13px}
    #map-tools .zoom{display:flex;gap:4px;align-items:center}
    #map-tools button{padding:1px 9px}
    .cell{cursor:pointer}
    .cell-bg{fill:#fff;stroke:#12161b;stroke-width:1;vector-effect:non-scaling-stroke}
    .cell text{fill:#12161b;font-weight:700;pointer-events:none;font-family:system-ui,"DejaVu Sans",sans-serif}
    .cell:hover .cell-bg,.cell:focus .cell-bg{fill:#fff6d6}
    .cell:focus{outline:none}
    .cell:focus .cell-bg{stroke:#000;filter:drop-shadow(0 0 3px #ffbf00)}
    .filters{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0;font-size:13px}
    .filters input,.filters select{font:inherit;padding:2px 6px}
    .pager{display:flex;gap:8px;align-items:center;font-size:13px;margin:6px 0 0}
    button.link{border:0;background:none;padding:0;color:var(--accent);text-decoration:underline;font:inherit;cursor:pointer;text-align:left}
    #allocation-note,#drift-more{margin:0 0 4px;font-size:13px}
    """#
}
