import Foundation
import GridModel

/// `gridops plan --base --head` output for people: text, or Markdown for a pull-request
/// comment (a summary table first, per-site details folded, under GitHub's 65,536-character
/// comment limit with a note where it had to cut).
public enum PreviewReport {
    public static let markdownLimit = 65_000
    /// Rows of the services and rollout tables before "… N more".
    static let rows = 150

    public static func markdown(_ p: Preview, limit: Int = markdownLimit) -> String {
        var head = "### gridops preview: `\(p.base.sha.prefix(12))` → `\(p.head.sha.prefix(12))` \(p.head.subject)\n\n"
        let actions = p.sites.reduce(0) { $0 + $1.actions.count }
        head += "| files changed | errors | warnings | services changed | sites with actions | actions | pools ≥ 85% | quotas ≥ 90% | new compliance warnings |\n"
        head += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        head += "| \(p.changedFiles.count) | \(p.errors) | \(p.warnings) | \(p.services.count) | \(p.sites.count) | \(actions) "
        head += "| \(p.pools.count) | \(p.quotas.count) | \(p.compliance.count { $0.new }) |\n\n"
        if !p.valid {
            head += "> **This revision would not be applied:** \(p.errors) error(s); the revision in force stays.\n\n"
        }
        var sections: [String] = []
        if !p.diagnostics.isEmpty {
            var s = "#### Diagnostics\n\n"
            for d in p.diagnostics.prefix(50) {
                s += "- `\(d.path):\(d.line):\(d.column)` \(d.severity)[\(d.code)]: \(escape(d.message))\n"
            }
            if p.diagnostics.count > 50 { s += "- … \(p.diagnostics.count - 50) more (see `--format json`)\n" }
            sections.append(s + "\n")
        }
        if !p.services.isEmpty {
            var s = "#### Services\n\n| service | replicas | sites | round trip ms | GPU cost $/h | unplaced |\n|---|---:|---|---:|---:|---:|\n"
            for c in p.services.prefix(rows) {
                let sites = c.sites.map { "\($0.site) \($0.before)→\($0.after)" }.joined(separator: ", ")
                s += "| \(c.tenant)/\(c.service) | \(c.replicasBefore) → \(c.replicasAfter) | \(sites.isEmpty ? "unchanged" : sites) "
                s += "| \(plain(c.rttMsBefore)) → \(plain(c.rttMsAfter)) | \(plain(c.costPerHourBefore)) → \(plain(c.costPerHourAfter)) | \(c.unplacedAfter) |\n"
            }
            if p.services.count > rows { s += "| … \(p.services.count - rows) more (see `--format json`) | | | | | |\n" }
            sections.append(s + "\n")
        }
        if !p.pools.isEmpty || !p.quotas.isEmpty {
            var s = "#### Capacity\n\n"
            for x in p.pools { s += "- pool `\(x.site)` \(x.gpuModel): \(x.usedBefore) → \(x.usedAfter) of \(x.count) GPUs\n" }
            for q in p.quotas { s += "- quota of `\(q.tenant)` for \(q.gpuModel): \(q.usedBefore) → \(q.usedAfter) of \(q.quota)\n" }
            sections.append(s + "\n")
        }
        if !p.compliance.isEmpty {
            var s = "#### Compliance (warn policies)\n\n"
            for c in p.compliance.prefix(rows) {
                let f = c.finding
                s += "- \(c.new ? "**new** " : "")`\(f.policy)`: \(f.tenant)/\(f.service) at `\(f.site)`: \(escape(f.reason))\n"
            }
            if p.compliance.count > rows { s += "- … \(p.compliance.count - rows) more\n" }
            sections.append(s + "\n")
        }
        if !p.rollouts.isEmpty {
            var s = "#### Rollout\n\n| service | waves |\n|---|---|\n"
            for r in p.rollouts.prefix(rows) {
                let waves = r.waves.enumerated().map { "\($0.offset + 1): \($0.element.joined(separator: ", "))" }.joined(separator: " · ")
                s += "| \(r.tenant)/\(r.service) | \(waves) |\n"
            }
            if p.rollouts.count > rows { s += "| … \(p.rollouts.count - rows) more | |\n" }
            sections.append(s + "\n")
        }
        if !p.changedFiles.isEmpty {
            var s = "<details><summary>Files changed (\(p.changedFiles.count))</summary>\n\n"
            for f in p.changedFiles { s += "- \(f.status) `\(f.path)`\n" }
            sections.append(s + "\n</details>\n")
        }
        for plan in p.sites {
            var s = "<details><summary><code>\(plan.site)</code>: \(plan.actions.count) action(s)</summary>\n\n"
            for a in plan.actions {
                s += "- `\(a.verb.symbol) \(a.id)`"
                if let changes = plan.changes[a.id], !changes.isEmpty {
                    s += " " + changes.map { "\($0.field): \($0.observed ?? "-") → \($0.desired ?? "-")" }.joined(separator: ", ")
                }
                s += "\n"
            }
            sections.append(s + "\n</details>\n")
        }
        // Whole sections while they fit; then say what was left out.
        var out = head
        for (i, section) in sections.enumerated() {
            if out.utf8.count + section.utf8.count > limit - 400 {
                out += "\n> Cut here: \(sections.count - i) more section(s) (of \(sections.count)) would pass GitHub's comment limit. "
                out += "`gridops plan --base \(p.base.sha.prefix(12)) --head \(p.head.sha.prefix(12)) --format json` has everything.\n"
                return out
            }
            out += section
        }
        return out
    }

    public static func text(_ p: Preview) -> String {
        var out = "Preview \(p.base.sha.prefix(12))..\(p.head.sha.prefix(12)) \(p.head.subject)\n"
        out += "\(p.changedFiles.count) file(s) changed; \(p.errors) error(s), \(p.warnings) warning(s)\n"
        if !p.valid { out += "This revision would not be applied: the revision in force stays.\n" }
        for d in p.diagnostics { out += "  \(d.path):\(d.line):\(d.column): \(d.severity)[\(d.code)]: \(d.message)\n" }
        for c in p.services {
            out += "service \(c.tenant)/\(c.service): replicas \(c.replicasBefore) -> \(c.replicasAfter), "
            out += "rtt \(plain(c.rttMsBefore)) -> \(plain(c.rttMsAfter)) ms, cost \(plain(c.costPerHourBefore)) -> \(plain(c.costPerHourAfter)) $/h"
            if c.unplacedAfter > 0 { out += ", \(c.unplacedAfter) unplaced" }
            out += "\n"
            for s in c.sites { out += "  \(s.site): \(s.before) -> \(s.after)\n" }
        }
        for x in p.pools { out += "pool \(x.site) \(x.gpuModel): \(x.usedBefore) -> \(x.usedAfter) of \(x.count) GPUs\n" }
        for q in p.quotas { out += "quota \(q.tenant) \(q.gpuModel): \(q.usedBefore) -> \(q.usedAfter) of \(q.quota)\n" }
        for c in p.compliance {
            out += "compliance \(c.new ? "(new) " : "")\(c.finding.policy): \(c.finding.tenant)/\(c.finding.service) at \(c.finding.site): \(c.finding.reason)\n"
        }
        for r in p.rollouts {
            out += "rollout \(r.tenant)/\(r.service): " + r.waves.map { $0.joined(separator: ",") }.joined(separator: " | ") + "\n"
        }
        for plan in p.sites {
            out += "\(plan.site):\n"
            for a in plan.actions { out += "  \(a.verb.symbol) \(a.id)\n" }
        }
        return out
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
    }
}
