import GridModel
import GridPlan
import GridReconciler

/// `gridops plan` output: per site, the actions apply would run, in order; drift; what waits.
enum PlanReport {
    struct JSON: Encodable {
        struct Refused: Encodable {
            var revision: String
            var reason: String
        }

        struct Action: Encodable {
            var verb: SiteAction.Verb
            var resource: String
            var specHash: String
            var changes: [DriftItem.Field]?
        }

        struct Site: Encodable {
            var site: String
            var reachable: Bool
            var reason: String?
            var actions: [Action]
            var unchanged: Int
        }

        struct Summary: Encodable {
            var create = 0
            var update = 0
            var delete = 0
            var unchanged = 0
            var sitesWithActions = 0
            var unreachableSites = 0
            var placedReplicas = 0
            var unplacedReplicas = 0
        }

        var revision: String?
        var refused: Refused?
        var summary: Summary
        var sites: [Site]
        var drift: [DriftItem]
        var unplaced: [Placement.Unplaced]
    }

    static func json(_ report: PassReport) -> JSON {
        var summary = JSON.Summary()
        var sites: [JSON.Site] = []
        let plans = Dictionary(report.plans.map { ($0.site, $0) }, uniquingKeysWith: { a, _ in a })
        for s in report.sites {
            guard let plan = plans[s.site] else {
                summary.unreachableSites += 1
                sites.append(JSON.Site(site: s.site, reachable: false, reason: s.unreachable, actions: [], unchanged: 0))
                continue
            }
            let actions = plan.actions.map { a in
                JSON.Action(verb: a.verb, resource: a.id.description, specHash: a.specHash, changes: plan.changes[a.id])
            }
            for a in plan.actions {
                switch a.verb {
                case .create: summary.create += 1
                case .update: summary.update += 1
                case .delete: summary.delete += 1
                }
            }
            summary.unchanged += plan.unchanged
            if !actions.isEmpty { summary.sitesWithActions += 1 }
            sites.append(JSON.Site(site: s.site, reachable: true, reason: nil, actions: actions, unchanged: plan.unchanged))
        }
        summary.placedReplicas = report.placement?.placedReplicas ?? 0
        summary.unplacedReplicas = report.placement?.unplacedReplicas ?? 0
        return JSON(revision: report.inForce?.sha,
                    refused: report.refused.map { JSON.Refused(revision: $0.revision.sha, reason: $0.reason) },
                    summary: summary, sites: sites, drift: report.drift, unplaced: report.placement?.unplaced ?? [])
    }

    static func text(_ report: PassReport) -> String {
        let plan = json(report)
        var out = header(report)
        for site in plan.sites where !site.actions.isEmpty || !site.reachable {
            if !site.reachable {
                out += "\(site.site): waiting: \(site.reason ?? "unreachable")\n"
                continue
            }
            out += "\(site.site):\n"
            for a in site.actions {
                out += "  \(a.verb.symbol) \(a.resource)"
                if let changes = a.changes, !changes.isEmpty {
                    out += "  " + changes.map { "\($0.field): \($0.observed ?? "-") -> \($0.desired ?? "-")" }.joined(separator: ", ")
                }
                out += "\n"
            }
        }
        if !plan.drift.isEmpty { out += "\n" + DriftReport.text(plan.drift) }
        if !plan.unplaced.isEmpty {
            out += "\nunplaced:\n"
            for u in plan.unplaced { out += "  \(u.tenant)/\(u.service) \(u.region) x\(u.replicas): \(u.reason)\n" }
        }
        let s = plan.summary
        out += "\nPlan: \(s.create) to create, \(s.update) to update, \(s.delete) to delete on \(s.sitesWithActions) site(s); "
        out += "\(s.unchanged) unchanged"
        if s.unreachableSites > 0 { out += "; \(s.unreachableSites) site(s) unreachable" }
        out += ".\n"
        return out
    }

    static func markdown(_ report: PassReport) -> String {
        let plan = json(report)
        let s = plan.summary
        var out = "### gridops plan for `\(plan.revision.map { String($0.prefix(12)) } ?? "nothing")`\n\n"
        if let refused = plan.refused {
            out += "> **Revision `\(refused.revision.prefix(12))` is not applied:** \(refused.reason)\n\n"
        }
        out += "| create | update | delete | unchanged | sites with actions | unreachable | replicas placed | unplaced |\n"
        out += "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        out += "| \(s.create) | \(s.update) | \(s.delete) | \(s.unchanged) | \(s.sitesWithActions) | \(s.unreachableSites) | \(s.placedReplicas) | \(s.unplacedReplicas) |\n\n"
        for site in plan.sites where !site.actions.isEmpty || !site.reachable {
            out += "<details><summary><code>\(site.site)</code>: "
            out += site.reachable ? "\(site.actions.count) action(s)" : "waiting: \(site.reason ?? "unreachable")"
            out += "</summary>\n\n"
            for a in site.actions { out += "- `\(a.verb.symbol) \(a.resource)`\n" }
            out += "\n</details>\n"
        }
        if !plan.drift.isEmpty { out += "\n" + DriftReport.markdown(plan.drift) }
        return out
    }

    static func header(_ report: PassReport) -> String {
        var out = ""
        if let refused = report.refused {
            out += "Revision \(refused.revision.sha.prefix(12)) is not applied: \(refused.reason)\n"
        }
        if let r = report.inForce {
            out += "Revision in force: \(r.sha.prefix(12))\(r.message.isEmpty ? "" : " \(r.message)")\n"
        } else {
            out += "No valid revision: nothing would be applied.\n"
        }
        if let p = report.placement {
            out += "Placement: \(p.placedReplicas) replica(s) placed, \(p.unplacedReplicas) unplaced, \(p.reservations.count) reservation(s).\n\n"
        }
        return out
    }
}

/// `gridops drift` output.
enum DriftReport {
    static func text(_ drift: [DriftItem]) -> String {
        guard !drift.isEmpty else { return "No drift.\n" }
        var out = "Drift (\(drift.count)):\n"
        var lastSite = ""
        for d in drift.sorted(by: { ($0.site, $0.resource) < ($1.site, $1.resource) }) {
            if d.site != lastSite {
                out += "  \(d.site):\n"
                lastSite = d.site
            }
            let what = d.kind == .unmanaged ? "never touched" : d.healing ? "heal at this pass" : "reported (\(d.policy.rawValue))"
            out += "    \(d.kind.rawValue) \(d.resource): \(what)\n"
            for f in d.fields {
                out += "      \(f.field): git says \(f.desired ?? "(absent)"), site runs \(f.observed ?? "(absent)")\n"
            }
        }
        return out
    }

    static func markdown(_ drift: [DriftItem]) -> String {
        guard !drift.isEmpty else { return "No drift.\n" }
        var out = "#### Drift (\(drift.count))\n\n| site | tenant | resource | drift | fields | action |\n|---|---|---|---|---|---|\n"
        for d in drift.sorted(by: { ($0.site, $0.resource) < ($1.site, $1.resource) }) {
            let fields = d.fields.map { "`\($0.field)`: \($0.desired ?? "-") → \($0.observed ?? "-")" }.joined(separator: "<br>")
            let action = d.kind == .unmanaged ? "never touched" : d.healing ? "heal" : "report"
            out += "| \(d.site) | \(d.resource.tenant) | `\(d.resource)` | \(d.kind.rawValue) | \(fields) | \(action) |\n"
        }
        return out
    }
}
