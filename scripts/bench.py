#!/usr/bin/env python3
"""make bench: gridops against its floor, on a generated grid, in one run.

1. validate: the same commit's manifest blobs read with libgit2 and run through libyaml's
   bare event loop (GridBench floor), nothing else, against `gridops validate`.
2. placement: `GridBench place` (placement alone, after loading) on generated grids of
   1,000 to 10,000 sites with about 10 replicas per site: replica decisions per second and
   peak RSS, and how they grow with the grid; and that placing again with the result
   running gives it back (GridBench exits 1 otherwise, which stops the bench).
3. placement quality: scripts/placement_quality.sh (exact optimum by HiGHS), when highspy
   can be installed from PyPI.
4. controller: `GridBench controller` on a generated grid of 10,000 sites and 100,000
   services with reconcile.maxParallelSites 1000: convergence of an empty simulated world
   with 50 ms per driver call, passes that change nothing (time and store writes), and the
   re-plan of a one-file commit, each followed by what a process started afresh on the same
   store plans (nothing, or GridBench exits 1); then the re-plan alone on grids of 5k to
   110k files.

Each command runs REPEAT times as a fresh process; the median wall time and the peak RSS
(from wait4) are reported. BENCH_ONLY=validate|place|quality|controller|dashboard runs one part.

5. dashboard: `gridops serve --http` on a generated, applied grid of 10,000 sites and 100,000
   services; the bytes and time of one dashboard refresh (every request a poll makes), and
   of reading each whole list page by page (see dashboard()).
"""
import os, subprocess, sys, time, statistics, json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench-out")
SITES = int(os.environ.get("BENCH_SITES", "10000"))
SERVICES = int(os.environ.get("BENCH_SERVICES", "90000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def sh(args, **kw):
    return subprocess.run(args, cwd=ROOT, check=True, **kw)


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def measure(args, cold):
    """Runs args once; returns (seconds, peak RSS MiB, stdout)."""
    if cold:
        drop_caches()
    start = time.monotonic()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(args)} exited {code}: {err.decode()[:2000]} {out.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def main(gridops, floor):

    repo = os.path.join(OUT, f"grid-{SITES}x{SERVICES}-s1")
    if not os.path.isdir(os.path.join(repo, ".git")):
        os.makedirs(OUT, exist_ok=True)
        t, rss, out = measure([gridops, "generate", "--sites", str(SITES), "--services", str(SERVICES),
                               "--seed", "1", "--out", repo, "--git"], cold=False)
        print(f"generate: {out.strip()} in {t:.1f} s, peak RSS {rss:.0f} MiB")
    files = sum(len(f) for _, _, f in os.walk(os.path.join(repo, "manifests"))) + \
        sum(len(f) for _, _, f in os.walk(os.path.join(repo, "policies")))
    size = sum(os.path.getsize(os.path.join(d, f)) for top in ("manifests", "policies")
               for d, _, fs in os.walk(os.path.join(repo, top)) for f in fs)

    packed = repo + "-packed.git"
    if not os.path.isdir(packed):
        # A clone over git's transport: one pack file, as a user's clone has.
        sh(["git", "clone", "-q", "--bare", "--no-local", repo, packed])

    can_drop = drop_caches()
    scenarios = [("loose objects (as committed), warm page cache", repo, False),
                 ("one pack (as cloned), warm page cache", packed, False)]
    if can_drop:
        scenarios.append(("loose objects, cold page cache", repo, True))
    lines = [f"# validate vs floor: {SITES} sites, {SERVICES} services, {files} files, {size / 2**20:.1f} MiB", "",
             f"median of {REPEAT} runs, each a fresh process; {os.cpu_count()} cores", ""]
    last = ""
    for label, path, cold in scenarios:
        runs = {
            "floor, 1 thread": [floor, "floor", "--repo", path, "--threads", "1"],
            "floor, 2 threads": [floor, "floor", "--repo", path, "--threads", "2"],
            "gridops validate": [gridops, "validate", "--repo", path],
        }
        results = {}
        for name, args in runs.items():
            samples = [measure(args, cold) for _ in range(REPEAT)]
            results[name] = (statistics.median(s[0] for s in samples), max(s[1] for s in samples), samples[-1][2])
        base1, base2 = results["floor, 1 thread"][0], results["floor, 2 threads"][0]
        lines += [f"## {label}", "", "| run | median s | vs 1-thread floor | vs 2-thread floor | peak RSS MiB |",
                  "|---|---|---|---|---|"]
        for name, (t, rss, _) in results.items():
            lines.append(f"| {name} | {t:.2f} | {t / base1:.2f}x | {t / base2:.2f}x | {rss:.0f} |")
        lines.append("")
        last = results["gridops validate"][2]
    if not can_drop:
        lines.append("(cold runs skipped: /proc/sys/vm/drop_caches is not writable here)")
    summary = last.strip().splitlines()
    lines += ["validate said: " + " / ".join(summary[-2:])]
    text = "\n".join(lines) + "\n"
    return text


def placement(gridops, bench):
    lines = ["# placement: GridBench place (placement alone, after loading)", "",
             "| sites | services | replicas | placed | median s | replica decisions/s | peak RSS MiB | placed again with it running |",
             "|---|---|---|---|---|---|---|---|"]
    # About 4.5 services a site, and the 1,000-site / 10,000-service grid where one placement
    # run was not a fixed point (issue 14).
    for sites, services in ((1000, 4450), (1000, 10000), (3000, 13350), (10000, 44500)):
        repo = os.path.join(OUT, f"place-{sites}x{services}-s1")
        if not os.path.isdir(os.path.join(repo, ".git")):
            measure([gridops, "generate", "--sites", str(sites), "--services", str(services), "--seed", "1",
                     "--out", repo, "--git"], cold=False)
        samples = [measure([bench, "place", "--repo", repo], cold=False) for _ in range(REPEAT)]
        seconds = statistics.median(float(s[2].split(" s, ")[0].split(", ")[-1]) for s in samples)
        rss = max(s[1] for s in samples)
        words = samples[-1][2].split()
        replicas = int(words[words.index("replicas") - 1])
        placed = int(words[words.index("placed),") - 1].lstrip("("))
        # GridBench exits 1 (and measure stops the bench) when placing again differs.
        again = [l for l in samples[-1][2].splitlines() if l.startswith("re-place")][0].split(": ", 1)[1]
        lines.append(f"| {sites} | {services} | {replicas} | {placed} | {seconds:.2f} | {int(replicas / seconds)} | {rss:.0f} | {again} |")
    return "\n".join(lines) + "\n"


def quality():
    try:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", "scripts/requirements-check.txt"],
                       cwd=ROOT, check=True, capture_output=True)
    except subprocess.CalledProcessError:
        return "# placement quality: skipped (highspy could not be installed)\n"
    out = subprocess.run(["scripts/placement_quality.sh"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return "# placement quality: 80 sites, 150 services, seeds 1-10, against HiGHS\n\n```\n" + out + "```\n"


def controller_repo(gridops, sites, services):
    """A generated grid with maxParallelSites 1000 committed on top (operators of big grids raise it)."""
    repo = os.path.join(OUT, f"ctl-{sites}x{services}-s1")
    if not os.path.isdir(os.path.join(repo, ".git")):
        measure([gridops, "generate", "--sites", str(sites), "--services", str(services), "--seed", "1",
                 "--out", repo, "--git"], cold=False)
        grid = os.path.join(repo, "manifests", "grid.yaml")
        with open(grid) as f:
            text = f.read()
        with open(grid, "w") as f:
            f.write(text.replace("maxParallelSites: 64", "maxParallelSites: 1000"))
        sh(["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@localhost",
            "commit", "-qam", "bench: 1000 sites in parallel"])
    tenants = sorted(os.listdir(os.path.join(repo, "manifests", "tenants")))
    first = os.path.join("manifests", "tenants", tenants[0])
    service = sorted(f for f in os.listdir(os.path.join(repo, first)) if f != "tenant.yaml")[0]
    return repo, os.path.join(first, service)


def controller(gridops, bench):
    lines = ["# controller: GridBench controller (one process, release build)", ""]
    repo, edit = controller_repo(gridops, 10000, 100000)
    t, rss, out = measure([bench, "controller", "--repo", repo, "--latency-ms", "50", "--edit", edit], cold=False)
    lines += [f"10,000 sites, 100,000 services, 50 ms per simulated driver call, peak RSS {rss:.0f} MiB:", "",
              "```", out.strip(), "```", ""]
    t, rss, out = measure([bench, "controller", "--repo", repo, "--latency-ms", "0"], cold=False)
    lines += ["The same with no simulated latency (the CPU and disk cost alone):", "", "```", out.strip(), "```", ""]
    lines += ["## re-plan of a one-file commit, by grid size (no latency)", "",
              "| sites | services | files | re-plan s | of which revision s | place changed s |", "|---|---|---|---|---|---|"]
    for sites, services in ((1000, 4450), (3000, 13350), (10000, 44500), (10000, 100000)):
        repo, edit = controller_repo(gridops, sites, services)
        _, _, out = measure([bench, "controller", "--repo", repo, "--latency-ms", "0", "--edit", edit], cold=False)
        text = out.splitlines()
        files = text[0].split("load ")[1].split(" files")[0]
        at = next(i for i, l in enumerate(text) if l.startswith("one-file commit"))
        replan = text[at].rsplit(": ", 1)[1]
        phases = dict(p.rsplit(" ", 1) for p in text[at + 1].strip().split(", "))
        lines.append(f"| {sites} | {services} | {files} | {replan.rstrip(' s')} | {phases.get('revision')} | "
                     f"{phases.get('place changed services', phases.get('place'))} |")
    return "\n".join(lines) + "\n"


# ---- dashboard: bytes and server time per refresh at 10,000 sites (issue 14, part 5) ----

# The requests one poll of the dashboard makes (DashboardPage+Script.swift, refresh() and
# pollEvents()): a page that just opened asks for the newest events with `tail`, later polls
# with `since`. The browser test checks that no poll reads a whole list.
DASHBOARD_POLL = ["status", "summary", "map?zoom=0", "drift?limit=20", "rollouts?limit=20", "events?tail=15"]


def http_get(base, path):
    """GET base/api/v1/path; returns (bytes, seconds to the last byte)."""
    import urllib.request
    start = time.monotonic()
    with urllib.request.urlopen(f"{base}/api/v1/{path}") as r:
        body = r.read()
    return body, time.monotonic() - start


def serve(gridops, repo, state):
    """Starts `gridops serve --http 127.0.0.1:0` (no tokens: loopback, admin); returns (process, base URL)."""
    import re, urllib.request
    log = open(os.path.join(state, "serve.log"), "w")
    proc = subprocess.Popen([gridops, "serve", "--repo", repo, "--branch", "main", "--state", state, "--interval", "1h",
                             "--http", "127.0.0.1:0", "--preview-refspec", "none"], cwd=ROOT, stdout=log, stderr=log)
    base = None
    for _ in range(1800):
        time.sleep(0.2)
        text = open(os.path.join(state, "serve.log")).read()
        m = re.search(r"http: listening on 127\.0\.0\.1:(\d+)", text)
        if m and not base:
            base = f"http://127.0.0.1:{m.group(1)}"
        if base:
            try:
                with urllib.request.urlopen(base + "/readyz") as r:
                    if r.status == 200:
                        return proc, base
            except OSError:
                pass
        if proc.poll() is not None:
            sys.exit(f"gridops serve exited: {text[-2000:]}")
    proc.terminate()
    sys.exit("gridops serve did not get ready in 6 minutes")


def walk(base, path, limit=5000):
    """Every page of a list; returns (pages, bytes, seconds)."""
    pages, size, seconds, token = 0, 0, 0.0, None
    while True:
        sep = "&" if "?" in path else "?"
        body, t = http_get(base, f"{path}{sep}limit={limit}" + (f"&continue={token}" if token else ""))
        pages, size, seconds = pages + 1, size + len(body), seconds + t
        token = json.loads(body).get("metadata", {}).get("continue")
        if not token:
            return pages, size, seconds


def dashboard(gridops):
    sites, services = 10000, 100000
    repo = os.path.join(OUT, f"dash-{sites}x{services}-s1")
    state = os.path.join(OUT, f"dash-{sites}x{services}-state")
    lines = [f"# dashboard: one refresh at {sites:,} sites and {services:,} services (gridops serve, loopback)", ""]
    if not os.path.isdir(os.path.join(repo, ".git")):
        t, rss, out = measure([gridops, "generate", "--sites", str(sites), "--services", str(services), "--seed", "1",
                               "--out", repo, "--git"], cold=False)
        lines.append(f"generate: {t:.1f} s")
    if not os.path.exists(os.path.join(state, "applied")):
        os.makedirs(state, exist_ok=True)
        t, rss, out = measure([gridops, "apply", "--repo", repo, "--state", state], cold=False)
        open(os.path.join(state, "applied"), "w").write(out)
        lines.append(f"apply: {out.strip().splitlines()[-1]} ({t:.1f} s, peak RSS {rss:.0f} MiB)")
    proc, base = serve(gridops, repo, state)
    try:
        # Ready once the first pass has posted; the pass then builds the lists and aggregates the
        # API serves (a request waits for that build only when there is no earlier one).
        _, first = http_get(base, "summary")
        refreshes = []
        for _ in range(max(REPEAT, 5)):
            parts = [(p,) + http_get(base, p) for p in DASHBOARD_POLL]
            refreshes.append(parts)
        lines += [f"first request once serve is ready (waits for the first snapshot): {first * 1000:.0f} ms", "",
                  "| request | bytes | median ms |", "|---|---|---|"]
        for i, path in enumerate(DASHBOARD_POLL):
            size = len(refreshes[-1][i][1])
            ms = statistics.median(r[i][2] for r in refreshes) * 1000
            lines.append(f"| /api/v1/{path} | {size:,} | {ms:.1f} |")
        total_bytes = sum(len(b) for _, b, _ in refreshes[-1])
        totals = [sum(t for _, _, t in r) for r in refreshes]
        lines += [f"| **one refresh** | **{total_bytes:,}** | **{statistics.median(totals) * 1000:.1f}** |", "",
                  f"median of {len(refreshes)} refreshes, requests one after another (the page sends them at once); "
                  "goal: under 200 KB and 100 ms", ""]
        lines += ["The map zoomed in (a poll asks for the cells in view instead of zoom=0):", "",
                  "| request | bytes | median ms |", "|---|---|---|"]
        for path in ("map?zoom=3&bbox=-14.50,38.75,30.50,61.25", "map?zoom=7&bbox=7.29,49.40,10.11,50.81"):
            samples = [http_get(base, path) for _ in range(5)]
            lines.append(f"| /api/v1/{path} | {len(samples[-1][0]):,} | {statistics.median(t for _, t in samples) * 1000:.1f} |")
        lines.append("")
        lines += ["Whole lists, read page by page with limit=5000 (what the dashboard polled before: "
                  "status, sites, services, drift, rollouts, events):", "",
                  "| list | pages | bytes | s |", "|---|---|---|---|"]
        for path in ("sites", "services", "placements", "drift"):
            pages, size, seconds = walk(base, path)
            lines.append(f"| /api/v1/{path} | {pages} | {size:,} | {seconds:.2f} |")
        body, t = http_get(base, "sites/" + json.loads(http_get(base, "sites?limit=1")[0])["sites"][0]["name"])
        lines.append(f"\nA site's detail (fetched when a person selects it): {len(body):,} bytes, {t * 1000:.1f} ms.")
    finally:
        proc.terminate()
        proc.wait()
    return "\n".join(lines) + "\n"


def run():
    only = os.environ.get("BENCH_ONLY", "")
    sh(["swift", "build", "-c", "release", "--product", "gridops"])
    sh(["swift", "build", "-c", "release", "--product", "GridBench"])
    bindir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.strip()
    gridops, bench = os.path.join(bindir, "gridops"), os.path.join(bindir, "GridBench")
    parts = []
    if only in ("", "validate"):
        parts.append(main(gridops, bench))
    if only in ("", "place"):
        parts.append(placement(gridops, bench))
    if only in ("", "quality"):
        parts.append(quality())
    if only in ("", "controller"):
        parts.append(controller(gridops, bench))
    if only in ("", "dashboard"):
        parts.append(dashboard(gridops))
    text = "\n".join(parts)
    print(text)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    run()
