/// The dashboard at `/`: one self-contained page (no CDN) that polls the JSON API.
///
/// Each poll reads `/api/v1/status`, `/summary`, `/map`, the first page of `/drift` and
/// `/rollouts`, and new `/events`, with the token from `#token=...` (kept in sessionStorage):
/// aggregates and map cells, whatever the size of the grid. The site and service tables and a
/// site's detail are fetched, a page at a time, only while a person has them open. It
/// degrades to what a tenant token may see (403 on `/status` and `/map`). Hooks for browser
/// tests: `body[data-state]` (loading, live, offline), `body[data-last-update]`,
/// `body[data-poll]` (the paths of the last poll), `#map[data-sites][data-cells]`,
/// `circle.site[data-site][data-condition]`, `g.cell[data-count]`, `#drift tr[data-resource][data-site]`,
/// `#revision[data-sha]`, `#rollouts [data-rollout]`, `#capacity`, `#allocation`, `#sites tr[data-site]`;
/// `#open=sites` (or `services`) in the address opens that table, `#zoom=Z&at=LAT,LON` zooms the map.
enum DashboardPage {
    /// The page: its markup, with the style and the script in place.
    static let html = [top, style, middle, script, mapScript, tablesScript, pollingScript, end].joined(separator: "\n")

    /// Up to the opening of the style element.
    static let top: String = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>gridops dashboard</title>
    <link rel="icon" href="data:,">
    <style>
    """#

    /// The body's markup, between the style and the script.
    static let middle: String = #"""
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
    <div id="map-tools"><span id="map-count" class="muted"></span><span class="zoom"><span id="zoom-level" class="muted">whole world</span>
    <button type="button" id="zoom-in" aria-label="Zoom in">+</button><button type="button" id="zoom-out" aria-label="Zoom out">−</button><button type="button" id="zoom-reset">World</button></span></div>
    <ul id="legend" aria-label="Condition legend"></ul>
    <p id="site-detail" class="muted" aria-live="polite">Select a site (click, or Tab to it and press Enter) for its details; select a ring to zoom in.</p>
    <details id="site-list"><summary>Site list</summary>
    <p class="filters"><label for="sites-condition">Condition</label> <select id="sites-condition"><option value="">any</option><option>Ready</option><option>Progressing</option><option>Degraded</option><option>Offline</option><option>Stalled</option><option>Unknown</option></select></p>
    <table id="sites"><thead><tr><th scope="col">Site</th><th scope="col">Region</th><th scope="col">Tier</th><th scope="col">Condition</th><th scope="col" class="num">GPUs in use</th></tr></thead><tbody></tbody></table>
    <p id="sites-pager" class="pager"></p>
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
    <p id="allocation-note" class="muted"></p>
    <table id="allocation"><thead><tr><th scope="col">Tenant</th><th scope="col" class="num">Services</th><th scope="col" class="num">Placed</th><th scope="col" class="num">Unplaced</th><th scope="col" class="num">GPUs</th><th scope="col">Share</th></tr></thead><tbody></tbody></table>
    <details id="service-list"><summary>Services</summary>
    <form id="services-filter" class="filters"><label for="services-tenant">Tenant</label> <input id="services-tenant" size="14" autocomplete="off">
    <label for="services-condition">Condition</label> <select id="services-condition"><option value="">any</option><option>Ready</option><option>Progressing</option><option>Degraded</option><option>Offline</option><option>Stalled</option><option>Unknown</option></select>
    <button type="submit">Filter</button></form>
    <table id="services"><thead><tr><th scope="col">Service</th><th scope="col">Model</th><th scope="col" class="num">Placed</th><th scope="col">Condition</th><th scope="col">Sites</th></tr></thead><tbody></tbody></table>
    <p id="services-pager" class="pager"></p>
    </details>
    </div>
    </section>
    </div>
    <section id="drift-sec" class="wide" aria-labelledby="dr-h">
    <h2 id="dr-h">Drift</h2>
    <p class="note" hidden></p>
    <div class="content">
    <p id="drift-when" class="muted"></p>
    <table id="drift"><thead><tr><th scope="col">Site</th><th scope="col">Resource</th><th scope="col">Drift</th><th scope="col">What differs</th><th scope="col">Healed?</th></tr></thead><tbody></tbody></table>
    <p id="drift-more" class="muted"></p>
    </div>
    </section>
    <section id="events-sec" class="wide" aria-labelledby="ev-h">
    <h2 id="ev-h">Recent events</h2>
    <p class="note" hidden></p>
    <div class="content"><ol id="events"></ol></div>
    </section>
    </main>
    <script>
    """#

    /// After the script.
    static let end: String = #"""
    </script>
    </body>
    </html>
    """#
}
