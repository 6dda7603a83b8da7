import ArgumentParser
import GridModel
import GridPlacement

/// `gridops explain TENANT/SERVICE`: why a service runs where it runs.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain where a service was placed: each cost term, the runners-up, and why other sites were ruled out."
    )

    @Argument(help: ArgumentHelp("The service, as TENANT/SERVICE.", valueName: "tenant/service"))
    var target: String

    @OptionGroup var source: SourceOptions

    @OptionGroup var inputs: PlacementOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        let parts = target.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("give the service as TENANT/SERVICE, e.g. acme/chat")
        }
    }

    func run() throws {
        let parts = target.split(separator: "/").map(String.init)
        let input = try inputs.load(source)
        guard let explanation = Placer.explain(input, tenant: parts[0], service: parts[1]) else {
            printError("gridops: error: no ModelService '\(parts[1])' of tenant '\(parts[0])' in this revision")
            throw ExitCode.invalid
        }
        switch format {
        case .json: FileOutput.standardOutput.write(try encodeJSON(explanation) + "\n")
        case .text: FileOutput.standardOutput.write(ExplanationReport.text(explanation))
        }
    }
}

enum ExplanationReport {
    static func text(_ e: Explanation) -> String {
        let f = PlacementReport.format
        var out = "\(e.tenant)/\(e.service): class \(e.workloadClass), \(e.policy)\n"
        out += "  tiers \(e.tiers.joined(separator: ", ")); maxUtilization \(f(e.maxUtilization)); weights: "
        out += "latency \(f(e.weights["latencyPerMs"] ?? 0))/ms, cost \(f(e.weights["costPerGpuHour"] ?? 0))/GPU-h, "
        out += "move \(f(e.weights["movePerReplica"] ?? 0))/replica\n"
        for part in e.regions {
            out += "\nregion \(part.region): \(part.placed) of \(part.replicas) replicas placed\n"
            let header = ["SITE", "GPU", "REPLICAS", "RTT MS", "LATENCY", "COST", "MOVE", "TOTAL"]
            func row(_ o: Explanation.Option, _ replicas: String) -> [String] {
                [o.site, o.gpuModel, replicas, f(o.rttMs), f(o.latency), f(o.cost), f(o.move), f(o.total)]
            }
            if !part.chosen.isEmpty {
                out += " chosen\n" + PlacementReport.table(header: header, rows: part.chosen.map { row($0, String($0.replicas)) })
            }
            if !part.runnersUp.isEmpty {
                out += " runners-up\n" + PlacementReport.table(
                    header: header, rows: part.runnersUp.map { row($0, $0.room > 0 ? "room \($0.room)" : "full") })
            }
            if let reason = part.unplacedReason { out += " unplaced: \(reason)\n" }
            if !part.rejected.isEmpty {
                out += " ruled out\n"
                for r in part.rejected { out += "  \(r.sites) site\(r.sites == 1 ? "" : "s"): \(r.reason)\n" }
            }
        }
        return out
    }
}
