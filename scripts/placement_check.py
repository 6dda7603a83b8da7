#!/usr/bin/env python3
"""placement_check: check a gridops placement against an exact MILP optimum (HiGHS).

Usage:
    python3 scripts/placement_check.py --manifests DIR --placement PLACEMENT.json
        [--observed OBSERVED.json] [--time-limit 60] [--json] [--write-optimal OUT.json]

DIR holds the grid repository's `manifests/` and `policies/`; every *.yaml / *.yml under
them is read (several documents per file allowed). The grid is assumed to pass
`gridops validate`; this tool applies the defaults of docs/manifests.md but does not
re-validate. Requirements: `pip install highspy pyyaml` (scripts/requirements-check.txt).

What it does
------------
1. Checks the placement for every hard-constraint violation, listed in words.
2. Solves the placement problem exactly (MILP, HiGHS) on the same grid, with the
   placement's cluster reservations and the observed state fixed, and compares the
   placement's replica count and cost (recomputed here from its assignments; its
   "objective" field is not trusted) with the optimum: gap = (ours - opt) / opt.
Exit status: 0 when there is no violation and the placement places as many replicas as
the optimum, 1 otherwise, 2 on unreadable input.

--json prints {"violations", "placed", "optimalPlaced", "cost", "optimalCost", "gap",
"status"} plus "warnings", "demand", "milpStatus", "optimalPlacedBound",
"optimalCostBound", "solveSeconds" and "modelSize". status is "ok", "violations",
"fewer-placed" or "violations+fewer-placed", with "(milp not proven optimal: ...)"
appended when the time limit stopped HiGHS (optimal* are then the best found, *Bound
the solver's bounds). gap is null when the optimum costs 0 and the placement does not.
--write-optimal writes the optimum in the placement JSON shape (reservations copied).

What counts as a violation (warnings are reported, never fail the check)
-----------------------------------------------------------------------
- an assignment breaking a per-place rule (below), naming an unknown service, region,
  site or pool, or with replicas that are not a positive integer (rows with the same
  tenant/service/region/site/model are added up);
- per (service, region): more replicas than its demand, or placed + reported unplaced
  differing from the demand (replicas dropped silently);
- pool capacity, tenant quota, maxReplicasPerSite, minSites, dedicated isolation;
- reservations: every cluster with GPUs must be reserved (on one site, GPUs per model as
  the manifest says, at its pinned site or in its placement region and tier, on a site
  that lists kubernetes / slurm and has the pool) or listed in "unplaced" with an empty
  region, service = cluster name, replicas = its GPUs (what `gridops place` writes);
  reservations plus foreign use must fit in a pool's count. A cluster that is not pinned
  must also respect maintenance, offline and its tenant's compliance; for a pinned one
  those are warnings (the user chose the site).
Warnings: warn-enforced CompliancePolicies, reported rttMs / costPerHour that differ from
the recomputed ones, files outside their tenant's folder (ignored, as gridops does).
After solving, the optimum itself is run through the checker ("self-check"); a
violation there (beyond those the fixed reservations cause anyway) is reported as a
warning and marks the MILP status, so a modelling or solver bug cannot pass silently.

The model (the contract in shared/docs/MANIFESTS.md, made precise)
--------------------------------------------------------------------
rtt(r, s) = baseMs + routeFactor * greatCircleKm(r, s) / 100 (haversine, R = 6371 km),
unless the observed state has a measured latency for (r, s), which then replaces it.
rtt <= slo is tested with a 1e-9 ms allowance for float noise, the same way in the
checker and in the MILP.

Demand: each ModelService S splits `replicas` over its user regions by weight with the
largest remainder method (exact rational arithmetic on the weights as written; ties
of the fractional part go to the region listed first): d[S, r].

Variables: x[S, r, s, m] >= 0 integer, replicas of S serving region r at site s on GPU
model m. A variable exists only if every static hard constraint holds for (S, r, s, m):
s lists `maas`, is not in maintenance nor observed offline, its tier is allowed by S's
PlacementPolicy, rtt(r, s) <= slo.latencyMs, m is in S.gpu.models and s has a pool of m,
the tenant's compliance and every matching deny-enforced CompliancePolicy hold, the
tenant's quota (if any) lists m, and one replica fits into the pool next to the fixed
usage (foreign observed use + reservations) under the class's utilization cap.

Let per_S = gpu.perReplica, F_p the foreign use and R_p the reserved GPUs of pool p,
cap_c(p) = floor(maxUtilization_c * count_p + 1e-9) for workload class c.

  demand        sum_{s,m} x[S,r,s,m] <= d[S,r]
  pool p        F_p + R_p + sum per_S x <= cap_c(p) for every class c with a replica in p.
                Linearized exactly: with K = the largest cap among the classes that can be
                in p, one row  sum per_S x <= K - F_p - R_p, and for every stricter class
                c a binary y[p,c] ("c present in p"):  x <= ub * y[p,c] for c's variables,
                and  sum per_S x + (K - cap_c) y[p,c] <= K - F_p - R_p.
  quota         per tenant t with a quota and model m:
                sum per_S x[t's services, m] <= quota[t][m] - reserved[t][m]
  per site      sum_{r,m} x[S,r,s,m] <= spread.maxReplicasPerSite
  min sites     P_S = sum x[S,...], z[S,s] binary "S uses s" (z <= sum_s-x <= ub z),
                sites_S = sum_s z[S,s];  sites_S >= min(minSites, P_S) via a binary w_S:
                sites_S >= minSites * w_S  and  sites_S >= P_S - D_S * w_S  (D_S = total
                demand of S; sites_S <= P_S always, so w_S = 0 means one replica per site).
  dedicated     for pool p with a dedicated tenant among its candidate tenants, binary
                u[p,t] ("tenant t present in p"), x <= ub * u[p,t], and
                u[p,D] + u[p,t] <= 1 for the dedicated D and every other tenant t.
                Pools whose reservations already fix the tenant(s) just drop the
                variables that would break isolation.

Objective, lexicographic, solved in two MILPs: (1) maximize P = sum x; (2) with
sum x >= P*, minimize sum x * (latencyPerMs * rtt + costPerGpuHour * per_S * costPerHour),
weights from the PlacementPolicy of S's workloadClass (else the default policy: every
tier, maxUtilization 0.85, weights 1.0 / 5.0 / 20.0). movePerReplica is ignored (there
is no current placement). Tenant priority is not part of the objective. Phase 2 is
solved with mip_rel_gap 0 and mip_abs_gap 1e-6, so the optimum is exact up to that.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

try:
    import yaml
except ImportError:  # pragma: no cover - reported to the user
    sys.exit("placement_check: needs PyYAML: pip install pyyaml highspy")

# --------------------------------------------------------------------------------------
# Defaults (docs/manifests.md)
# --------------------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0
DEFAULT_BASE_MS = 2.0
DEFAULT_ROUTE_FACTOR = 1.5
ALL_TIERS = ("factory", "regional", "edge")
DEFAULT_MAX_UTILIZATION = 0.85
DEFAULT_WEIGHTS = {"latencyPerMs": 1.0, "costPerGpuHour": 5.0, "movePerReplica": 20.0}
TENANT_OWNED = {"ModelService", "KubernetesCluster", "SlurmCluster", "NetworkQoS"}
RTT_EPS = 1e-9          # rtt <= slo is tested as rtt <= slo + RTT_EPS (float noise only)
CAP_EPS = 1e-9          # floor(maxUtilization * count + CAP_EPS)

# Mapping fields whose keys and values stay the strings they were written as
# (`NO`, `off`, `1.10`), as the manifest format requires for labels.
RAW_STRING_MAPS = {"labels", "tenantLabels", "siteLabels", "annotations", "settings"}


def get(d: Any, key: str, default: Any = None) -> Any:
    """d[key], where a missing key or a null value counts as absent."""
    if not isinstance(d, dict):
        return default
    v = d.get(key)
    return default if v is None else v


# --------------------------------------------------------------------------------------
# YAML loading
# --------------------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """yaml.SafeLoader whose mapping keys are the scalars' text, and whose label maps keep
    their values as written (PyYAML would read `NO` as False and `1.10` as 1.1)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    out: dict = {}
    for knode, vnode in node.value:
        key = knode.value if isinstance(knode, yaml.ScalarNode) else loader.construct_object(knode, deep=True)
        if key in RAW_STRING_MAPS and isinstance(vnode, yaml.MappingNode):
            out[key] = {
                (k.value if isinstance(k, yaml.ScalarNode) else str(loader.construct_object(k, deep=True))):
                (v.value if isinstance(v, yaml.ScalarNode) else loader.construct_object(v, deep=True))
                for k, v in vnode.value
            }
        else:
            out[key] = loader.construct_object(vnode, deep=True)
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_documents(root: str, warnings: list[str]) -> list[tuple[str, dict]]:
    """Every document of every *.yaml / *.yml under root/manifests and root/policies."""
    docs: list[tuple[str, dict]] = []
    for top in ("manifests", "policies"):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            if top == "manifests":
                raise SystemExit(f"placement_check: {base} is not a directory")
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith((".yaml", ".yml")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8-sig") as f:
                    for doc in yaml.load_all(f, Loader=_Loader):
                        if isinstance(doc, dict):
                            docs.append((rel, doc))
                        elif doc is not None:
                            warnings.append(f"{rel}: a document that is not a mapping was skipped")
    return docs


# --------------------------------------------------------------------------------------
# The grid
# --------------------------------------------------------------------------------------

@dataclass
class Region:
    name: str
    lat: float
    lon: float
    jurisdiction: str


@dataclass
class Site:
    name: str
    tier: str
    region: str
    lat: float
    lon: float
    jurisdiction: str
    sovereign: bool
    labels: dict[str, str]
    pools: dict[str, dict]          # model -> {"count": int, "costPerHour": float}
    services: set[str]
    maintenance: bool


@dataclass
class Policy:                        # PlacementPolicy, or the default one
    workload_class: str
    tiers: set[str]
    max_utilization: float
    latency_per_ms: float
    cost_per_gpu_hour: float


@dataclass
class Compliance:                    # CompliancePolicy
    name: str
    match_labels: dict[str, str] | None
    match_tenants: set[str] | None
    jurisdictions: list[str]
    sovereign: bool
    deny_labels: dict[str, str] | None
    enforcement: str


@dataclass
class Tenant:
    name: str
    labels: dict[str, str]
    dedicated: bool
    quota: dict[str, int] | None     # None: unlimited
    jurisdictions: list[str]
    sovereign: bool


@dataclass
class Service:                       # ModelService
    tenant: str
    name: str
    workload_class: str
    replicas: int
    models: list[str]
    per_replica: int
    users: list[tuple[str, Fraction]]
    slo_ms: float | None
    min_sites: int
    max_per_site: int | None
    demand: dict[str, int] = field(default_factory=dict)   # region -> replicas

    @property
    def key(self) -> tuple[str, str]:
        return (self.tenant, self.name)


@dataclass
class Cluster:                       # KubernetesCluster / SlurmCluster
    tenant: str
    kind: str
    name: str
    site: str | None
    region: str | None
    tier: str | None
    gpus: dict[str, int]             # model -> GPUs the cluster needs


@dataclass
class Grid:
    regions: dict[str, Region]
    base_ms: float
    route_factor: float
    sites: dict[str, Site]
    tenants: dict[str, Tenant]
    services: dict[tuple[str, str], Service]
    clusters: dict[tuple[str, str, str], Cluster]
    policies: dict[str, Policy]
    compliance: list[Compliance]

    def policy(self, workload_class: str) -> Policy:
        return self.policies.get(workload_class) or Policy(
            workload_class, set(ALL_TIERS), DEFAULT_MAX_UTILIZATION,
            DEFAULT_WEIGHTS["latencyPerMs"], DEFAULT_WEIGHTS["costPerGpuHour"])


def _fraction(value: Any) -> Fraction:
    """A weight as written (0.6 is 3/5, not the nearest double)."""
    if isinstance(value, bool):
        raise ValueError("weight must be a number")
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def largest_remainder(total: int, weights: list[Fraction]) -> list[int]:
    """Splits total by weight: floors of the quotas, then one more each by largest
    fractional part, ties to the earlier entry."""
    wsum = sum(weights)
    if wsum <= 0:
        return [0] * len(weights)
    quotas = [total * w / wsum for w in weights]
    counts = [math.floor(q) for q in quotas]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[:left]:
        counts[i] += 1
    return counts


def build_grid(docs: list[tuple[str, dict]], warnings: list[str]) -> Grid:
    regions: dict[str, Region] = {}
    base_ms, route_factor = DEFAULT_BASE_MS, DEFAULT_ROUTE_FACTOR
    sites: dict[str, Site] = {}
    tenants: dict[str, Tenant] = {}
    services: dict[tuple[str, str], Service] = {}
    clusters: dict[tuple[str, str, str], Cluster] = {}
    policies: dict[str, Policy] = {}
    compliance: list[Compliance] = []
    grids = 0

    for rel, doc in docs:
        kind = doc.get("kind")
        meta = get(doc, "metadata", {})
        spec = get(doc, "spec", {})
        name = str(get(meta, "name", ""))
        labels = {str(k): str(v) for k, v in get(meta, "labels", {}).items()}
        if kind in TENANT_OWNED:
            tenant = str(get(meta, "tenant", ""))
            parts = rel.replace(os.sep, "/").split("/")
            if len(parts) < 4 or parts[:2] != ["manifests", "tenants"] or parts[2] != tenant:
                warnings.append(f"{rel}: {kind} {name} of tenant {tenant!r} is outside "
                                f"manifests/tenants/{tenant}/ (ownership error): ignored")
                continue
        if kind == "Grid":
            grids += 1
            for r in get(spec, "regions", []):
                loc = get(r, "location", {})
                regions[r["name"]] = Region(r["name"], float(loc["lat"]), float(loc["lon"]),
                                            str(get(r, "jurisdiction", "")))
            lm = get(spec, "latencyModel", {})
            base_ms = float(get(lm, "baseMs", DEFAULT_BASE_MS))
            route_factor = float(get(lm, "routeFactor", DEFAULT_ROUTE_FACTOR))
        elif kind == "Site":
            loc = get(spec, "location", {})
            pools = {}
            for g in get(spec, "gpus", []):
                pools[str(g["model"])] = {"count": int(g["count"]), "costPerHour": float(g["costPerHour"])}
            sites[name] = Site(
                name, str(spec["tier"]), str(get(spec, "region", "")), float(loc["lat"]), float(loc["lon"]),
                str(get(spec, "jurisdiction", "")), get(spec, "sovereign", False) is True, labels, pools,
                {str(s) for s in get(spec, "services", [])}, get(spec, "maintenance", False) is True)
        elif kind == "Tenant":
            quota = get(spec, "quota", None)
            qgpus = None
            if quota is not None:
                qgpus = {str(m): int(n) for m, n in get(quota, "gpus", {}).items()}
            comp = get(spec, "compliance", {})
            tenants[name] = Tenant(
                name, labels, get(spec, "isolation", "shared") == "dedicated", qgpus,
                [str(j) for j in get(comp, "jurisdictions", [])], get(comp, "sovereign", False) is True)
        elif kind == "ModelService":
            tenant = str(meta["tenant"])
            gpu = get(spec, "gpu", {})
            users = [(str(u["region"]), _fraction(get(u, "weight", 1))) for u in get(spec, "users", [])]
            slo = get(spec, "slo", None)
            spread = get(spec, "spread", {})
            svc = Service(
                tenant, name, str(get(spec, "workloadClass", "")), int(spec["replicas"]),
                [str(m) for m in get(gpu, "models", [])], int(get(gpu, "perReplica", 1)), users,
                float(slo["latencyMs"]) if slo is not None and get(slo, "latencyMs") is not None else None,
                int(get(spread, "minSites", 1)),
                int(spread["maxReplicasPerSite"]) if get(spread, "maxReplicasPerSite") is not None else None)
            counts = largest_remainder(svc.replicas, [w for _, w in users])
            svc.demand = {r: n for (r, _), n in zip(users, counts)}
            services[svc.key] = svc
        elif kind in ("KubernetesCluster", "SlurmCluster"):
            tenant = str(meta["tenant"])
            gpus: dict[str, int] = defaultdict(int)
            if kind == "KubernetesCluster":
                for pool in get(spec, "nodePools", []):
                    g = get(pool, "gpu", None)
                    if g is not None:
                        gpus[str(g["model"])] += int(pool["nodes"]) * int(g["perNode"])
            else:
                for part in get(spec, "partitions", []):
                    g = get(part, "gpu", {})
                    gpus[str(g["model"])] += int(g["count"])
            placement = get(spec, "placement", {})
            clusters[(tenant, kind, name)] = Cluster(
                tenant, kind, name, get(spec, "site", None), get(placement, "region", None),
                get(placement, "tier", None), dict(gpus))
        elif kind == "PlacementPolicy":
            w = get(spec, "weights", {})
            policies[str(spec["workloadClass"])] = Policy(
                str(spec["workloadClass"]), {str(t) for t in get(spec, "tiers", list(ALL_TIERS))},
                float(get(spec, "maxUtilization", DEFAULT_MAX_UTILIZATION)),
                float(get(w, "latencyPerMs", DEFAULT_WEIGHTS["latencyPerMs"])),
                float(get(w, "costPerGpuHour", DEFAULT_WEIGHTS["costPerGpuHour"])))
        elif kind == "CompliancePolicy":
            match = get(spec, "match", {})
            req = get(spec, "require", {})
            deny = get(spec, "deny", None)
            ml = get(match, "tenantLabels", None)
            mt = get(match, "tenants", None)
            compliance.append(Compliance(
                name, {str(k): str(v) for k, v in ml.items()} if ml is not None else None,
                {str(t) for t in mt} if mt is not None else None,
                [str(j) for j in get(req, "jurisdictions", [])], get(req, "sovereign", False) is True,
                {str(k): str(v) for k, v in get(deny, "siteLabels", {}).items()} if deny is not None else None,
                str(get(spec, "enforcement", "deny"))))
    if grids != 1:
        warnings.append(f"expected exactly one Grid document, found {grids}")
    for svc in services.values():
        if svc.tenant not in tenants:
            warnings.append(f"ModelService {svc.tenant}/{svc.name}: undeclared tenant (treated as unconstrained)")
    return Grid(regions, base_ms, route_factor, sites, tenants, services, clusters, policies, compliance)


# --------------------------------------------------------------------------------------
# Observed state, latency
# --------------------------------------------------------------------------------------

@dataclass
class Observed:
    foreign: dict[tuple[str, str], int] = field(default_factory=dict)     # (site, model) -> GPUs
    latencies: dict[tuple[str, str], float] = field(default_factory=dict)  # (region, site) -> ms
    offline: set[str] = field(default_factory=set)


def load_observed(path: str | None, grid: Grid, warnings: list[str]) -> Observed:
    obs = Observed()
    if not path:
        return obs
    with open(path) as f:
        data = json.load(f)
    foreign: dict[tuple[str, str], int] = defaultdict(int)
    for p in data.get("pools") or []:
        key = (str(p["site"]), str(p["gpuModel"]))
        if key[0] not in grid.sites or key[1] not in grid.sites[key[0]].pools:
            warnings.append(f"observed: no pool {key[1]} at site {key[0]} in the manifests; ignored")
            continue
        foreign[key] += int(p.get("used") or 0)
    obs.foreign = dict(foreign)
    for lat in data.get("latencies") or []:
        obs.latencies[(str(lat["region"]), str(lat["site"]))] = float(lat["rttMs"])
    obs.offline = {str(s) for s in data.get("offline") or []}
    for s in sorted(obs.offline - set(grid.sites)):
        warnings.append(f"observed: offline site {s} is not in the manifests")
    return obs


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.pi / 180
    dlat = (lat2 - lat1) * rad
    dlon = (lon2 - lon1) * rad
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Latency:
    """rtt(region, site): the measured value if observed, else the model's estimate."""

    def __init__(self, grid: Grid, obs: Observed):
        self.grid, self.obs, self.cache = grid, obs, {}

    def __call__(self, region: str, site: str) -> float:
        key = (region, site)
        v = self.cache.get(key)
        if v is None:
            v = self.obs.latencies.get(key)
            if v is None:
                r, s = self.grid.regions[region], self.grid.sites[site]
                v = self.grid.base_ms + self.grid.route_factor * great_circle_km(r.lat, r.lon, s.lat, s.lon) / 100
            self.cache[key] = v
        return v


# --------------------------------------------------------------------------------------
# Hard constraints that depend on one replica's (or reservation's) place only
# --------------------------------------------------------------------------------------

def matching_policies(grid: Grid, tenant: str) -> list[Compliance]:
    t = grid.tenants.get(tenant)
    labels = t.labels if t else {}
    out = []
    for c in grid.compliance:
        if c.match_tenants is not None and tenant in c.match_tenants:
            out.append(c)
        elif c.match_labels is not None and c.match_labels and \
                all(labels.get(k) == v for k, v in c.match_labels.items()):
            out.append(c)
    return out


def compliance_problems(grid: Grid, tenant: str, site: Site) -> tuple[list[str], list[str]]:
    """(hard problems, warn-only problems) of running tenant's workload at site."""
    hard, soft = [], []
    t = grid.tenants.get(tenant)
    if t is not None:
        if t.jurisdictions and site.jurisdiction not in t.jurisdictions:
            hard.append(f"site jurisdiction {site.jurisdiction} not in tenant compliance {t.jurisdictions}")
        if t.sovereign and not site.sovereign:
            hard.append("tenant compliance requires a sovereign site")
    for c in matching_policies(grid, tenant):
        problems = []
        if c.jurisdictions and site.jurisdiction not in c.jurisdictions:
            problems.append(f"site jurisdiction {site.jurisdiction} not in {c.jurisdictions}")
        if c.sovereign and not site.sovereign:
            problems.append("requires a sovereign site")
        if c.deny_labels and all(site.labels.get(k) == v for k, v in c.deny_labels.items()):
            problems.append(f"site labels match denied {c.deny_labels}")
        for p in problems:
            (hard if c.enforcement != "warn" else soft).append(
                f"CompliancePolicy {c.name} ({c.enforcement}): {p}")
    return hard, soft


class Rules:
    """The static (per-place) hard constraints, shared by the checker and the MILP so that
    both judge a place the same way."""

    def __init__(self, grid: Grid, obs: Observed, rtt: Latency):
        self.grid, self.obs, self.rtt = grid, obs, rtt
        self._comp: dict[tuple[str, str], tuple[list[str], list[str]]] = {}

    def compliance(self, tenant: str, site: Site) -> tuple[list[str], list[str]]:
        key = (tenant, site.name)
        if key not in self._comp:
            self._comp[key] = compliance_problems(self.grid, tenant, site)
        return self._comp[key]

    def site_blockers(self, svc: Service, site: Site) -> list[str]:
        """Why no replica of svc may go to site at all (any region, any model)."""
        out = []
        if "maas" not in site.services:
            out.append("site does not list maas")
        if site.maintenance:
            out.append("site is in maintenance")
        if site.name in self.obs.offline:
            out.append("site is offline")
        pol = self.grid.policy(svc.workload_class)
        if site.tier not in pol.tiers:
            out.append(f"tier {site.tier} not allowed for class {svc.workload_class} ({sorted(pol.tiers)})")
        out.extend(self.compliance(svc.tenant, site)[0])
        return out

    def model_blockers(self, svc: Service, site: Site, model: str) -> list[str]:
        out = []
        if model not in svc.models:
            out.append(f"GPU model {model} not in the service's gpu.models {svc.models}")
        if model not in site.pools:
            out.append(f"site has no {model} pool")
        t = self.grid.tenants.get(svc.tenant)
        if t is not None and t.quota is not None and model not in t.quota:
            out.append(f"tenant quota does not list {model}")
        return out

    def latency_blockers(self, svc: Service, region: str, site: Site) -> list[str]:
        if svc.slo_ms is None:
            return []
        rtt = self.rtt(region, site.name)
        if rtt > svc.slo_ms + RTT_EPS:
            return [f"rtt {rtt:.2f} ms from {region} exceeds slo {svc.slo_ms:g} ms"]
        return []

    def cap(self, site: Site, model: str, workload_class: str) -> int:
        u = self.grid.policy(workload_class).max_utilization
        return math.floor(u * site.pools[model]["count"] + CAP_EPS)

    def unit_cost(self, svc: Service, region: str, site: Site, model: str) -> float:
        pol = self.grid.policy(svc.workload_class)
        return (pol.latency_per_ms * self.rtt(region, site.name)
                + pol.cost_per_gpu_hour * svc.per_replica * site.pools[model]["costPerHour"])


# --------------------------------------------------------------------------------------
# The placement under test
# --------------------------------------------------------------------------------------

@dataclass
class Placement:
    assignments: dict[tuple[str, str, str, str, str], int]   # (tenant, svc, region, site, model)
    reservations: dict[tuple[str, str, str], dict]           # (tenant, kind, name) -> sites, gpus
    unplaced: dict[tuple[str, str, str], int]                # (tenant, svc, region) -> replicas
    raw_assignments: list[dict]
    declared_objective: float | None
    unplaced_clusters: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)


def load_placement(path: str, violations: list[str]) -> Placement:
    with open(path) as f:
        data = json.load(f)
    assignments: dict[tuple, int] = defaultdict(int)
    raw = []
    for i, a in enumerate(data.get("assignments") or []):
        try:
            key = (str(a["tenant"]), str(a["service"]), str(a["region"]), str(a["site"]), str(a["gpuModel"]))
            n = a["replicas"]
        except KeyError as e:
            violations.append(f"assignment #{i}: missing field {e}")
            continue
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            violations.append(f"assignment #{i} ({'/'.join(key)}): replicas must be a positive integer, got {n!r}")
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                continue
        assignments[key] += n
        raw.append(a)
    reservations: dict[tuple, dict] = {}
    for i, r in enumerate(data.get("reservations") or []):
        try:
            key = (str(r["tenant"]), str(r["kind"]), str(r["name"]))
            site, model, gpus = str(r["site"]), str(r["gpuModel"]), r["gpus"]
        except KeyError as e:
            violations.append(f"reservation #{i}: missing field {e}")
            continue
        if not isinstance(gpus, int) or isinstance(gpus, bool) or gpus < 0:
            violations.append(f"reservation #{i} ({'/'.join(key)}): gpus must be a non-negative integer")
            continue
        entry = reservations.setdefault(key, {"sites": set(), "gpus": defaultdict(int), "pools": defaultdict(int)})
        entry["sites"].add(site)
        entry["gpus"][model] += gpus
        entry["pools"][(site, model)] += gpus
    unplaced: dict[tuple, int] = defaultdict(int)
    unplaced_clusters: dict[tuple[str, str], tuple[int, str]] = {}
    for i, u in enumerate(data.get("unplaced") or []):
        try:
            key = (str(u["tenant"]), str(u["service"]), str(u.get("region") or ""))
            n = int(u["replicas"])
        except (KeyError, TypeError, ValueError) as e:
            violations.append(f"unplaced #{i}: bad entry ({e})")
            continue
        reason = str(u.get("reason") or "").strip()
        if not reason:
            violations.append(f"unplaced #{i} ({'/'.join(key)}): no reason given")
        if key[2] == "":
            # A cluster that could not be reserved: service = cluster name, replicas = its GPUs.
            unplaced_clusters[key[:2]] = (n, reason)
        else:
            unplaced[key] += n
    obj = data.get("objective")
    return Placement(dict(assignments), reservations, dict(unplaced), raw,
                     float(obj) if isinstance(obj, (int, float)) else None, unplaced_clusters)


def reserved_usage(grid: Grid, placement: Placement) -> tuple[dict, dict, dict]:
    """From the placement's reservations on real pools: GPUs per pool, tenants per pool,
    GPUs per (tenant, model)."""
    per_pool: dict[tuple[str, str], int] = defaultdict(int)
    tenants_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    per_tenant_model: dict[tuple[str, str], int] = defaultdict(int)
    for (tenant, _kind, _name), entry in placement.reservations.items():
        for (site, model), gpus in entry["pools"].items():
            per_tenant_model[(tenant, model)] += gpus
            if site in grid.sites and model in grid.sites[site].pools and gpus > 0:
                per_pool[(site, model)] += gpus
                tenants_in[(site, model)].add(tenant)
    return per_pool, tenants_in, per_tenant_model


# --------------------------------------------------------------------------------------
# Checking the placement
# --------------------------------------------------------------------------------------

def check_placement(grid: Grid, obs: Observed, rules: Rules, pl: Placement,
                    violations: list[str], warnings: list[str]) -> tuple[int, float]:
    """Appends every violation; returns (placed replicas, recomputed cost)."""
    res_pool, res_tenants, res_tenant_model = reserved_usage(grid, pl)
    placed_total = 0
    cost = 0.0
    pool_use: dict[tuple[str, str], int] = defaultdict(int)
    pool_classes: dict[tuple[str, str], set[str]] = defaultdict(set)
    pool_tenants: dict[tuple[str, str], set[str]] = defaultdict(set)
    tenant_model: dict[tuple[str, str], int] = defaultdict(int)
    svc_site: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    svc_region: dict[tuple[str, str, str], int] = defaultdict(int)

    # One replica group at a time: the static constraints.
    for (tenant, sname, region, site_name, model), n in sorted(pl.assignments.items()):
        placed_total += n
        where = f"{tenant}/{sname} for {region} at {site_name} on {model} ({n} replica{'s' if n != 1 else ''})"
        svc = grid.services.get((tenant, sname))
        if svc is None:
            violations.append(f"{where}: no ModelService {sname} of tenant {tenant}")
            continue
        if region not in svc.demand:
            violations.append(f"{where}: {region} is not a user region of the service")
        site = grid.sites.get(site_name)
        if site is None:
            violations.append(f"{where}: no site {site_name}")
            continue
        problems = rules.site_blockers(svc, site) + rules.model_blockers(svc, site, model)
        if region in grid.regions:
            problems += rules.latency_blockers(svc, region, site)
        else:
            problems.append(f"no Grid region {region}")
        for p in problems:
            violations.append(f"{where}: {p}")
        for p in rules.compliance(tenant, site)[1]:
            warnings.append(f"{where}: {p}")
        svc_region[(tenant, sname, region)] += n
        svc_site[(tenant, sname)][site_name] += n
        tenant_model[(tenant, model)] += n * svc.per_replica
        if model in site.pools:
            pool_use[(site_name, model)] += n * svc.per_replica
            pool_classes[(site_name, model)].add(svc.workload_class)
            pool_tenants[(site_name, model)].add(tenant)
            if region in grid.regions:
                cost += n * rules.unit_cost(svc, region, site, model)

    # The fields the placement reports about itself (informational).
    for a in pl.raw_assignments:
        svc = grid.services.get((str(a.get("tenant")), str(a.get("service"))))
        site = grid.sites.get(str(a.get("site")))
        region, model = str(a.get("region")), str(a.get("gpuModel"))
        if svc is None or site is None or region not in grid.regions or model not in site.pools:
            continue
        rtt = rules.rtt(region, site.name)
        if isinstance(a.get("rttMs"), (int, float)) and abs(a["rttMs"] - rtt) > 0.06 + 1e-6 * rtt:
            warnings.append(f"{svc.tenant}/{svc.name} for {region} at {site.name}: reported rttMs "
                            f"{a['rttMs']} but rtt is {rtt:.3f}")
        cph = site.pools[model]["costPerHour"]
        if isinstance(a.get("costPerHour"), (int, float)) and \
                min(abs(a["costPerHour"] - cph), abs(a["costPerHour"] - cph * svc.per_replica)) > 0.006:
            warnings.append(f"{svc.tenant}/{svc.name} at {site.name} on {model}: reported costPerHour "
                            f"{a['costPerHour']} but the pool costs {cph}")

    # Demand: nothing over-placed, nothing dropped silently.
    for svc in grid.services.values():
        for region, d in svc.demand.items():
            got = svc_region.get((svc.tenant, svc.name, region), 0)
            un = pl.unplaced.get((svc.tenant, svc.name, region), 0)
            if got > d:
                violations.append(f"{svc.tenant}/{svc.name} for {region}: {got} replicas placed, demand is {d}")
            elif got + un != d:
                violations.append(f"{svc.tenant}/{svc.name} for {region}: demand {d}, placed {got}, "
                                  f"reported unplaced {un}" + (" (replicas dropped silently)" if got + un < d else ""))
    for (tenant, sname, region), n in sorted(pl.unplaced.items()):
        svc = grid.services.get((tenant, sname))
        if svc is None or region not in svc.demand:
            violations.append(f"unplaced {tenant}/{sname} for {region}: no such service and user region")

    # Spread.
    for (tenant, sname), by_site in sorted(svc_site.items()):
        svc = grid.services[(tenant, sname)]
        if svc.max_per_site is not None:
            for site_name, n in sorted(by_site.items()):
                if n > svc.max_per_site:
                    violations.append(f"{tenant}/{sname}: {n} replicas at {site_name}, "
                                      f"spread.maxReplicasPerSite is {svc.max_per_site}")
        placed = sum(by_site.values())
        used = sum(1 for n in by_site.values() if n > 0)
        need = min(svc.min_sites, placed)
        if used < need:
            violations.append(f"{tenant}/{sname}: {placed} replicas on {used} site(s), "
                              f"spread.minSites {svc.min_sites} needs {need}")

    # Pools: capacity, isolation.
    for key in sorted(set(pool_use) | set(res_pool)):
        site_name, model = key
        site = grid.sites[site_name]
        count = site.pools[model]["count"]
        foreign = obs.foreign.get(key, 0)
        reserved = res_pool.get(key, 0)
        use = foreign + reserved + pool_use.get(key, 0)
        if reserved + foreign > count:
            violations.append(f"pool {site_name}/{model}: reservations {reserved} + foreign use {foreign} "
                              f"exceed its {count} GPUs")
        if pool_use.get(key, 0) > 0:
            strictest = min(pool_classes[key], key=lambda c: (rules.cap(site, model, c), c))
            cap = rules.cap(site, model, strictest)
            if use > cap:
                u = grid.policy(strictest).max_utilization
                violations.append(f"pool {site_name}/{model}: {use} GPUs in use (replicas {pool_use[key]}, "
                                  f"reservations {reserved}, foreign {foreign}) > {cap} = floor({u:g} x {count}) "
                                  f"allowed for class {strictest}")
        tenants = pool_tenants.get(key, set()) | res_tenants.get(key, set())
        dedicated = sorted(t for t in tenants if t in grid.tenants and grid.tenants[t].dedicated)
        if dedicated and len(tenants) > 1:
            holders = []
            if pool_tenants.get(key):
                holders.append("replicas of " + ", ".join(sorted(pool_tenants[key])))
            if res_tenants.get(key):
                holders.append("reservations of " + ", ".join(sorted(res_tenants[key])))
            violations.append(f"pool {site_name}/{model}: dedicated tenant(s) {', '.join(dedicated)} share it "
                              f"with another tenant ({'; '.join(holders)})")

    # Quota.
    for tenant, t in sorted(grid.tenants.items()):
        if t.quota is None:
            continue
        models = {m for (tt, m) in tenant_model if tt == tenant} | {m for (tt, m) in res_tenant_model if tt == tenant}
        for model in sorted(models):
            use = tenant_model.get((tenant, model), 0) + res_tenant_model.get((tenant, model), 0)
            if use > t.quota.get(model, 0):
                violations.append(f"tenant {tenant}: {use} {model} GPUs (replicas {tenant_model.get((tenant, model), 0)}, "
                                  f"clusters {res_tenant_model.get((tenant, model), 0)}) over its quota "
                                  f"{t.quota.get(model, 'of none (model not listed)')}")

    check_reservations(grid, obs, rules, pl, violations, warnings)
    return placed_total, cost


def check_reservations(grid: Grid, obs: Observed, rules: Rules, pl: Placement,
                       violations: list[str], warnings: list[str]) -> None:
    service_of = {"KubernetesCluster": "kubernetes", "SlurmCluster": "slurm"}
    for key, c in sorted(grid.clusters.items()):
        label = f"{c.kind} {c.tenant}/{c.name}"
        entry = pl.reservations.get(key)
        reported = pl.unplaced_clusters.get((c.tenant, c.name))
        if entry is None:
            if reported is not None:
                warnings.append(f"{label}: reported unplaced ({reported[0]} GPUs): {reported[1]}")
                if reported[0] != sum(c.gpus.values()):
                    violations.append(f"{label}: reported unplaced with {reported[0]} GPUs, "
                                      f"the manifest needs {sum(c.gpus.values())}")
            elif c.gpus:
                violations.append(f"{label}: no reservation for its {c.gpus} GPUs, and not reported unplaced")
            continue
        if reported is not None:
            violations.append(f"{label}: both reserved and reported unplaced")
        sites = sorted(entry["sites"])
        if len(sites) != 1:
            violations.append(f"{label}: reserved on several sites {sites}")
        got = {m: n for m, n in entry["gpus"].items() if n}
        if got != c.gpus:
            violations.append(f"{label}: reserved {got} GPUs, the manifest needs {c.gpus}")
        for site_name in sites:
            site = grid.sites.get(site_name)
            if site is None:
                violations.append(f"{label}: no site {site_name}")
                continue
            if c.site is not None and site_name != c.site:
                violations.append(f"{label}: pinned to {c.site} but reserved at {site_name}")
            if c.site is None:
                if c.region is not None and site.region != c.region:
                    violations.append(f"{label}: placement region {c.region} but {site_name} is in {site.region}")
                if c.tier is not None and site.tier != c.tier:
                    violations.append(f"{label}: placement tier {c.tier} but {site_name} is {site.tier}")
            if service_of[c.kind] not in site.services:
                violations.append(f"{label}: {site_name} does not list {service_of[c.kind]}")
            for (s2, model), gpus in entry["pools"].items():
                if s2 == site_name and model not in site.pools:
                    violations.append(f"{label}: {site_name} has no {model} pool")
            # Pinned clusters are where the user put them: report, but not as the placement's fault.
            sink = warnings if c.site is not None else violations
            if site.maintenance:
                sink.append(f"{label}: {site_name} is in maintenance")
            if site_name in obs.offline:
                sink.append(f"{label}: {site_name} is offline")
            hard, soft = rules.compliance(c.tenant, site)
            for p in hard:
                sink.append(f"{label} at {site_name}: {p}")
            for p in soft:
                warnings.append(f"{label} at {site_name}: {p}")
    for key in sorted(set(pl.reservations) - set(grid.clusters)):
        violations.append(f"reservation {key[1]} {key[0]}/{key[2]}: no such cluster in the manifests")
    names = {(c.tenant, c.name) for c in grid.clusters.values()}
    for tenant, name in sorted(set(pl.unplaced_clusters) - names):
        violations.append(f"unplaced {tenant}/{name} without a region: no such cluster in the manifests")


# --------------------------------------------------------------------------------------
# The MILP
# --------------------------------------------------------------------------------------

@dataclass
class Candidate:
    svc: Service
    region: str
    site: str
    model: str
    ub: int
    cost: float


class Model:
    """Sparse MILP builder: columns with bounds/integrality, rows as (lo, {col: coef}, hi)."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.rows: list[tuple[float, list[int], list[float], float]] = []

    def var(self, ub: float, lb: float = 0.0) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        return len(self.lb) - 1

    def row(self, lo: float, idx: list[int], val: list[float], hi: float) -> None:
        self.rows.append((lo, idx, val, hi))


@dataclass
class Optimum:
    placed: int
    placed_bound: float
    cost: float
    cost_bound: float
    status: str
    x: dict[tuple[str, str, str, str, str], int]
    seconds: dict[str, float]
    size: dict[str, int]


def build_candidates(grid: Grid, obs: Observed, rules: Rules, pl: Placement) -> list[Candidate]:
    """The (S, r, s, m) that pass every static constraint, with their upper bounds."""
    res_pool, res_tenants, res_tenant_model = reserved_usage(grid, pl)
    cands: list[Candidate] = []
    for svc in sorted(grid.services.values(), key=lambda s: s.key):
        regions = [r for r, d in svc.demand.items() if d > 0 and r in grid.regions]
        if not regions:
            continue
        tenant = grid.tenants.get(svc.tenant)
        dedicated = tenant is not None and tenant.dedicated
        for site in grid.sites.values():
            if rules.site_blockers(svc, site):
                continue
            for model in svc.models:
                if rules.model_blockers(svc, site, model):
                    continue
                pool = (site.name, model)
                # Isolation fixed by reservations in this pool.
                owners = res_tenants.get(pool, set())
                if owners:
                    ded_owner = any(t in grid.tenants and grid.tenants[t].dedicated for t in owners)
                    if dedicated and owners != {svc.tenant}:
                        continue
                    if ded_owner and owners != {svc.tenant}:
                        continue
                room = rules.cap(site, model, svc.workload_class) - obs.foreign.get(pool, 0) - res_pool.get(pool, 0)
                ub = room // svc.per_replica
                if tenant is not None and tenant.quota is not None:
                    left = tenant.quota.get(model, 0) - res_tenant_model.get((svc.tenant, model), 0)
                    ub = min(ub, left // svc.per_replica)
                if svc.max_per_site is not None:
                    ub = min(ub, svc.max_per_site)
                if ub <= 0:
                    continue
                for region in regions:
                    if rules.latency_blockers(svc, region, site):
                        continue
                    cands.append(Candidate(svc, region, site.name, model, min(ub, svc.demand[region]),
                                           rules.unit_cost(svc, region, site, model)))
    return cands


def build_model(grid: Grid, obs: Observed, rules: Rules, pl: Placement,
                cands: list[Candidate]) -> tuple[Model, list[int]]:
    """The constraints; returns the model and the x column of each candidate."""
    res_pool, res_tenants, res_tenant_model = reserved_usage(grid, pl)
    m = Model()
    xs = [m.var(c.ub) for c in cands]

    by_svc_region: dict[tuple, list[int]] = defaultdict(list)
    by_pool: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_tenant_model: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_svc_site: dict[tuple, list[int]] = defaultdict(list)
    by_svc: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        by_svc_region[(c.svc.key, c.region)].append(i)
        by_pool[(c.site, c.model)].append(i)
        by_tenant_model[(c.svc.tenant, c.model)].append(i)
        by_svc_site[(c.svc.key, c.site)].append(i)
        by_svc[c.svc.key].append(i)

    # Demand.
    for (key, region), ids in by_svc_region.items():
        d = grid.services[key].demand[region]
        if sum(cands[i].ub for i in ids) > d:
            m.row(-math.inf, [xs[i] for i in ids], [1.0] * len(ids), d)

    # Pools: capacity under the strictest class present, tenant isolation.
    for pool, ids in by_pool.items():
        site = grid.sites[pool[0]]
        fixed = obs.foreign.get(pool, 0) + res_pool.get(pool, 0)
        classes = sorted({cands[i].svc.workload_class for i in ids})
        caps = {c: rules.cap(site, pool[1], c) for c in classes}
        top = max(caps.values())
        per = [float(cands[i].svc.per_replica) for i in ids]
        if sum(p * cands[i].ub for p, i in zip(per, ids)) > top - fixed:
            m.row(-math.inf, [xs[i] for i in ids], per, top - fixed)
        for cls in classes:
            if caps[cls] >= top:
                continue
            mine = [i for i in ids if cands[i].svc.workload_class == cls]
            y = m.var(1.0)
            for i in mine:                                   # x <= ub * y
                m.row(-math.inf, [xs[i], y], [1.0, -float(cands[i].ub)], 0.0)
            m.row(-math.inf, [xs[i] for i in ids] + [y], per + [float(top - caps[cls])], top - fixed)
        tenants = sorted({cands[i].svc.tenant for i in ids})
        dedicated = [t for t in tenants if t in grid.tenants and grid.tenants[t].dedicated]
        if dedicated and len(tenants) > 1 and not res_tenants.get(pool):
            u = {}
            for t in tenants:
                u[t] = m.var(1.0)
                for i in ids:
                    if cands[i].svc.tenant == t:
                        m.row(-math.inf, [xs[i], u[t]], [1.0, -float(cands[i].ub)], 0.0)
            for d in dedicated:
                for t in tenants:
                    if t != d and (t not in dedicated or t > d):
                        m.row(-math.inf, [u[d], u[t]], [1.0, 1.0], 1.0)

    # Quota.
    for (tenant, model), ids in by_tenant_model.items():
        t = grid.tenants.get(tenant)
        if t is None or t.quota is None:
            continue
        left = t.quota.get(model, 0) - res_tenant_model.get((tenant, model), 0)
        per = [float(cands[i].svc.per_replica) for i in ids]
        if sum(p * cands[i].ub for p, i in zip(per, ids)) > left:
            m.row(-math.inf, [xs[i] for i in ids], per, max(0, left))

    # Spread: replicas per site, and distinct sites.
    for (key, _site), ids in by_svc_site.items():
        cap = grid.services[key].max_per_site
        if cap is not None and sum(cands[i].ub for i in ids) > cap:
            m.row(-math.inf, [xs[i] for i in ids], [1.0] * len(ids), cap)
    for key, ids in by_svc.items():
        svc = grid.services[key]
        total = sum(svc.demand.values())
        if svc.min_sites <= 1 or total <= 1:
            continue
        sites = sorted({cands[i].site for i in ids})
        zs = []
        for s in sites:
            here = by_svc_site[(key, s)]
            ub = min(sum(cands[i].ub for i in here), svc.max_per_site or total)
            z = m.var(1.0)
            zs.append(z)
            m.row(-math.inf, [xs[i] for i in here] + [z], [1.0] * len(here) + [-float(ub)], 0.0)
            m.row(-math.inf, [z] + [xs[i] for i in here], [1.0] + [-1.0] * len(here), 0.0)
        w = m.var(1.0)
        m.row(0.0, zs + [w], [1.0] * len(zs) + [-float(svc.min_sites)], math.inf)
        m.row(0.0, zs + [xs[i] for i in ids] + [w],
              [1.0] * len(zs) + [-1.0] * len(ids) + [float(total)], math.inf)
    return m, xs


def quiet_highs(highspy):
    """A Highs instance with logging off; its constructor prints a banner on fd 1, which
    would corrupt --json output, so fd 1 is pointed at /dev/null meanwhile."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def solve(grid: Grid, obs: Observed, rules: Rules, pl: Placement, time_limit: float,
          start_from_placement: bool) -> Optimum:
    """The two lexicographic MILPs, each on a fresh HiGHS instance. Phase 2 is not warm
    started from phase 1 (HiGHS 1.16 reported a wrong objective and kept the old solution
    when that was done on the same instance). When the placement under test has no
    violation, its assignments are handed to HiGHS as a partial starting solution."""
    import numpy as np
    try:
        import highspy
    except ImportError:
        sys.exit("placement_check: needs highspy: pip install highspy pyyaml")

    t0 = time.monotonic()
    cands = build_candidates(grid, obs, rules, pl)
    model, xs = build_model(grid, obs, rules, pl, cands)
    n, nrows = len(model.lb), len(model.rows)
    starts, idx, val = [], [], []
    for _lo, ri, rv, _hi in model.rows:
        starts.append(len(idx))
        idx.extend(ri)
        val.extend(rv)
    xcols = np.array(xs, dtype=np.int32)
    unit_costs = np.array([c.cost for c in cands], dtype=np.float64)
    seconds = {"build": time.monotonic() - t0}
    deadline = t0 + time_limit

    col_of = {(c.svc.tenant, c.svc.name, c.region, c.site, c.model): j for c, j in zip(cands, xs)}
    given = [(col_of[k], float(v)) for k, v in pl.assignments.items() if k in col_of] if start_from_placement else []
    given_placed = sum(v for _, v in given)

    def run(label: str, sense: Any, costs: Any, min_placed: int | None) -> tuple[str, float, float, list[float]]:
        h = quiet_highs(highspy)
        h.setOptionValue("random_seed", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-6)
        h.addVars(n, np.array(model.lb, dtype=np.float64), np.array(model.ub, dtype=np.float64))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
        if nrows:
            h.addRows(nrows, np.array([r[0] for r in model.rows], dtype=np.float64),
                      np.array([r[3] for r in model.rows], dtype=np.float64), len(idx),
                      np.array(starts, dtype=np.int32), np.array(idx, dtype=np.int32),
                      np.array(val, dtype=np.float64))
        if min_placed is not None:
            h.addRow(min_placed - 0.5, math.inf, len(xs), xcols, np.ones(len(xs)))
        h.changeObjectiveSense(sense)
        h.changeColsCost(len(xs), xcols, costs)
        if given and (min_placed is None or given_placed >= min_placed):
            h.setSolution(len(given), np.array([g[0] for g in given], dtype=np.int32),
                          np.array([g[1] for g in given], dtype=np.float64))
        start = time.monotonic()
        h.setOptionValue("time_limit", max(1.0, deadline - start))
        h.run()
        seconds[label] = time.monotonic() - start
        status = h.modelStatusToString(h.getModelStatus())
        info = h.getInfo()
        sol = list(h.getSolution().col_value) if info.primal_solution_status == 2 else []
        return status, info.objective_function_value, info.mip_dual_bound, sol

    placed, placed_bound, cost, cost_bound = 0, 0.0, 0.0, 0.0
    status = "optimal"
    x_values = [0.0] * len(xs)
    if xs:
        # Phase 1: the most replicas.
        st1, _obj1, bound1, sol = run("phase1", highspy.ObjSense.kMaximize, np.ones(len(xs)), None)
        if st1 != "Optimal":
            status = f"phase 1: {st1}"
        placed = int(round(sum(sol[j] for j in xs))) if sol else 0
        placed_bound = float(placed) if st1 == "Optimal" else bound1
        # Phase 2: that many, at the least cost.
        st2, obj2, bound2, sol2 = run("phase2", highspy.ObjSense.kMinimize, unit_costs, placed)
        if st2 != "Optimal" and status == "optimal":
            status = f"phase 2: {st2}"
        if sol2:
            sol = sol2
        elif status == "optimal":
            status = "phase 2: no solution"
        x_values = [sol[j] for j in xs] if sol else [0.0] * len(xs)
        cost = sum(c.cost * round(v) for c, v in zip(cands, x_values))
        if sol2 and abs(cost - obj2) > 1e-6 * (1 + abs(cost)) and status == "optimal":
            status = f"phase 2: solver objective {obj2} but its solution costs {cost}"
        cost_bound = cost if st2 == "Optimal" else bound2
    x = {}
    for c, v in zip(cands, x_values):
        k = int(round(v))
        if k > 0:
            x[(c.svc.tenant, c.svc.name, c.region, c.site, c.model)] = k
    seconds["total"] = time.monotonic() - t0
    size = {"candidates": len(cands), "columns": n, "binaries": n - len(xs), "rows": nrows}
    return Optimum(placed, placed_bound, cost, cost_bound, status, x, seconds, size)


def self_check(grid: Grid, obs: Observed, rules: Rules, pl: Placement, opt: Optimum) -> list[str]:
    """The optimum run through the checker: any violation it has beyond those the fixed
    reservations cause on their own would be a bug in the MILP (or the solver)."""
    def violations_of(x: dict) -> set[str]:
        placed: dict[tuple, int] = defaultdict(int)
        for k, n in x.items():
            placed[k[:3]] += n
        unplaced = {}
        for svc in grid.services.values():
            for region, d in svc.demand.items():
                if d > placed.get((svc.tenant, svc.name, region), 0):
                    unplaced[(svc.tenant, svc.name, region)] = d - placed.get((svc.tenant, svc.name, region), 0)
        probe = Placement(dict(x), pl.reservations, unplaced, [], None, pl.unplaced_clusters)
        v: list[str] = []
        check_placement(grid, obs, rules, probe, v, [])
        return set(v)
    extra = violations_of(opt.x) - violations_of({})
    if not extra and opt.x and (placed_count := sum(opt.x.values())) != opt.placed:
        extra = {f"optimum holds {placed_count} replicas, phase 1 said {opt.placed}"}
    return sorted(extra)


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

def optimal_placement_json(grid: Grid, rules: Rules, pl_path: str, opt: Optimum) -> dict:
    """The MILP optimum in the placement JSON shape (reservations copied from the input)."""
    with open(pl_path) as f:
        given = json.load(f)
    assignments = []
    placed: dict[tuple, int] = defaultdict(int)
    for (tenant, sname, region, site_name, model), n in sorted(opt.x.items()):
        svc, site = grid.services[(tenant, sname)], grid.sites[site_name]
        placed[(tenant, sname, region)] += n
        assignments.append({"tenant": tenant, "service": sname, "region": region, "site": site_name,
                            "gpuModel": model, "replicas": n, "rttMs": round(rules.rtt(region, site_name), 3),
                            "costPerHour": site.pools[model]["costPerHour"]})
    unplaced = [u for u in given.get("unplaced") or [] if not u.get("region")]   # clusters, as given
    for svc in sorted(grid.services.values(), key=lambda s: s.key):
        for region, d in svc.demand.items():
            left = d - placed.get((svc.tenant, svc.name, region), 0)
            if left > 0:
                unplaced.append({"tenant": svc.tenant, "service": svc.name, "region": region,
                                 "replicas": left, "reason": "not placed in the MILP optimum"})
    return {"revision": given.get("revision", ""), "objective": round(opt.cost, 6), "assignments": assignments,
            "reservations": given.get("reservations") or [], "unplaced": unplaced}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Check a gridops placement against the exact MILP optimum.")
    ap.add_argument("--manifests", required=True, help="grid repository folder holding manifests/ and policies/")
    ap.add_argument("--placement", required=True, help="placement JSON to check")
    ap.add_argument("--observed", help="observed state JSON (foreign pool use, measured latencies, offline sites)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds for the whole MILP (default 60)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a report")
    ap.add_argument("--write-optimal", metavar="PATH", help="also write the MILP optimum as a placement JSON")
    args = ap.parse_args(argv)

    violations: list[str] = []
    warnings: list[str] = []
    try:
        grid = build_grid(load_documents(args.manifests, warnings), warnings)
        obs = load_observed(args.observed, grid, warnings)
        pl = load_placement(args.placement, violations)
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as e:
        print(f"placement_check: cannot read input: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    rtt = Latency(grid, obs)
    rules = Rules(grid, obs, rtt)
    placed, cost = check_placement(grid, obs, rules, pl, violations, warnings)
    opt = solve(grid, obs, rules, pl, args.time_limit, start_from_placement=not violations)
    for problem in self_check(grid, obs, rules, pl, opt):
        warnings.append(f"MILP self-check: the optimum breaks a rule: {problem}")
        opt.status = "self-check failed"
    if not violations and placed > opt.placed and opt.status == "optimal":
        warnings.append(f"the placement is valid yet places {placed} > the optimum {opt.placed}: "
                        "the MILP is stricter than the checker (a bug here)")
    demand = sum(sum(s.demand.values()) for s in grid.services.values())

    if opt.cost > 0:
        gap: float | None = (cost - opt.cost) / opt.cost
    else:
        gap = 0.0 if cost == 0 else None
    problems = []
    if violations:
        problems.append("violations")
    if placed < opt.placed:
        problems.append("fewer-placed")
    status = "+".join(problems) or "ok"
    if opt.status != "optimal":
        status += f" (milp not proven optimal: {opt.status})"

    if args.write_optimal:
        with open(args.write_optimal, "w") as f:
            json.dump(optimal_placement_json(grid, rules, args.placement, opt), f, indent=1)

    if args.json:
        out = {"violations": violations, "placed": placed, "optimalPlaced": opt.placed,
               "cost": round(cost, 6), "optimalCost": round(opt.cost, 6),
               "gap": None if gap is None else round(gap, 9), "status": status,
               "warnings": warnings, "demand": demand, "milpStatus": opt.status,
               "optimalPlacedBound": opt.placed_bound, "optimalCostBound": round(opt.cost_bound, 6),
               "solveSeconds": {k: round(v, 3) for k, v in opt.seconds.items()}, "modelSize": opt.size}
        print(json.dumps(out, indent=1))
    else:
        print(f"grid: {len(grid.sites)} sites, {len(grid.tenants)} tenants, {len(grid.services)} model services "
              f"({demand} replicas), {len(grid.clusters)} clusters")
        print(f"milp: {opt.size['candidates']} placement variables, {opt.size['binaries']} binaries, "
              f"{opt.size['rows']} rows; " + ", ".join(f"{k} {v:.2f}s" for k, v in opt.seconds.items())
              + f"; {opt.status}")
        print(f"placed:  {placed} replicas (optimum {opt.placed}"
              + (f", bound {opt.placed_bound:g}" if opt.placed_bound != opt.placed else "") + ")")
        print(f"cost:    {cost:.3f} (optimum {opt.cost:.3f}"
              + (f", bound {opt.cost_bound:.3f}" if abs(opt.cost_bound - opt.cost) > 1e-6 else "") + ")"
              + (f"; declared objective {pl.declared_objective:g}" if pl.declared_objective is not None else ""))
        print("gap:     " + ("n/a (optimum costs 0)" if gap is None else f"{100 * gap:.4f} %"))
        print(f"violations: {len(violations)}")
        for v in violations:
            print(f"  - {v}")
        if warnings:
            print(f"warnings: {len(warnings)}")
            for w in warnings:
                print(f"  - {w}")
        print(f"status:  {status}")
    return 1 if violations or placed < opt.placed else 0


if __name__ == "__main__":
    sys.exit(main())
