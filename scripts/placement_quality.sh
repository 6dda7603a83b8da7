#!/usr/bin/env bash
# Placement quality against the exact optimum (HiGHS): gridops place on generated grids of
# SITES sites and SERVICES services, seeds 1..SEEDS, each checked by scripts/placement_check.py.
# Prints one line per seed and the average and worst cost gap. Needs: pip install -r scripts/requirements-check.txt
set -euo pipefail
cd "$(dirname "$0")/.."
SITES=${SITES:-80} SERVICES=${SERVICES:-150} SEEDS=${SEEDS:-10}
BIN=$(swift build -c release --show-bin-path)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for seed in $(seq 1 "$SEEDS"); do
  "$BIN/gridops" generate --sites "$SITES" --services "$SERVICES" --seed "$seed" --out "$out/g$seed" >/dev/null
  "$BIN/gridops" place --dir "$out/g$seed" --format json >"$out/p$seed.json"
  python3 scripts/placement_check.py --manifests "$out/g$seed" --placement "$out/p$seed.json" --json >"$out/c$seed.json" || true
done
python3 - "$out" "$SEEDS" <<'PY'
import json, sys
out, seeds = sys.argv[1], int(sys.argv[2])
gaps, short, violations = [], 0, 0
print("seed  status                  placed/optimal  cost       optimal    gap")
for seed in range(1, seeds + 1):
    r = json.load(open(f"{out}/c{seed}.json"))
    gap = r["gap"] * 100 if r.get("gap") is not None else float("nan")
    violations += len(r["violations"])
    short += r["optimalPlaced"] - r["placed"]
    if r["placed"] == r["optimalPlaced"]:
        gaps.append(gap)
    print(f"{seed:<5} {r['status']:<23} {r['placed']:>4}/{r['optimalPlaced']:<10} {r['cost']:<10.1f} {r['optimalCost']:<10.1f} {gap:6.2f}%")
avg = sum(gaps) / len(gaps) if gaps else float("nan")
print(f"violations: {violations}; replicas short of the optimum: {short}; "
      f"cost gap where placed equals optimal: average {avg:.2f}%, worst {max(gaps) if gaps else float('nan'):.2f}%")
PY
