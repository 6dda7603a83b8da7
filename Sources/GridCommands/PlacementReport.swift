import GridPlacement
import GridModel

/// `place` for people: a table per tenant, then what could not be placed and why.
enum PlacementReport {
    static func text(_ placement: Placement, compliance: [ComplianceFinding] = []) -> String {
        var out = ""
        let tenants = Set(placement.assignments.map(\.tenant) + placement.reservations.map(\.tenant)).sorted()
        for tenant in tenants {
            out += "tenant \(tenant)\n"
            let rows = placement.assignments.filter { $0.tenant == tenant }.map {
                [$0.service, $0.region, $0.site, $0.gpuModel, String($0.replicas), format($0.rttMs), format($0.costPerHour)]
            } + placement.reservations.filter { $0.tenant == tenant }.map {
                [$0.name + " (" + $0.kind + ")", "-", $0.site, $0.gpuModel, String($0.gpus) + " GPUs", "-", "-"]
            }
            out += table(header: ["SERVICE", "REGION", "SITE", "GPU", "REPLICAS", "RTT MS", "$/GPU-H"], rows: rows)
            out += "\n"
        }
        if !placement.unplaced.isEmpty {
            out += "unplaced\n"
            for u in placement.unplaced {
                let where_ = u.region.isEmpty ? "" : " for \(u.region)"
                out += "  \(u.tenant)/\(u.service)\(where_): \(u.replicas) not placed: \(u.reason)\n"
            }
            out += "\n"
        }
        if !compliance.isEmpty {
            out += "compliance warnings (placed, and reported)\n"
            for f in compliance {
                out += "  \(f.policy): \(f.tenant)/\(f.service) at \(f.site): \(f.reason)\n"
            }
            out += "\n"
        }
        let at = placement.revision.map { " at \($0.prefix(12))" } ?? ""
        out += "placed \(placement.placedReplicas) replicas and \(placement.reservations.count) reservations, "
            + "\(placement.unplacedReplicas) unplaced; objective \(format(placement.objective))\(at)\n"
        return out
    }

    static func format(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let fraction = abs(hundredths % 100)
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ").trimmingSuffix() + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}

extension String {
    func trimmingSuffix() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
