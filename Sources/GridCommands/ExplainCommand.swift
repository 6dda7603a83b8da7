import ArgumentParser
import GridModel
import GridPlacement

/// `gridops explain TENANT/SERVICE`: why a service runs where it runs.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain where a ModelService was placed: each cost term, the runners-up, and why other sites were ruled out.",
        discussion: """
            Explains ModelServices only (KubernetesClusters and SLURM clusters are reserved,
            not placed replica by replica). Exit 1 when the manifests are invalid, 4 when the
            revision has no such ModelService (with the closest name).
            """
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
            printError("gridops: error: " + Self.notFound(target, in: input.grid))
            throw ExitCode.refused
        }
        switch format {
        case .json: FileOutput.standardOutput.write(try encodeJSON(explanation) + "\n")
        case .text: FileOutput.standardOutput.write(ExplanationReport.text(explanation))
        }
    }
}

extension ExplainCommand {
    /// Why `target` cannot be explained: another kind by that name (explain explains
    /// ModelServices only), or no such name, with the closest ModelService.
    static func notFound(_ target: String, in grid: ManifestSet) -> String {
        let others: [(kind: String, name: String)] = grid.kubernetesClusters.map { ("a KubernetesCluster", $0.metadata.qualifiedName) }
            + grid.slurmClusters.map { ("a SlurmCluster", $0.metadata.qualifiedName) }
            + grid.networkQoS.map { ("a NetworkQoS", $0.metadata.qualifiedName) }
        if let other = others.first(where: { $0.name == target }) {
            return "'\(target)' is \(other.kind): explain explains ModelServices only"
        }
        let services = grid.modelServices.map(\.metadata.qualifiedName)
        let hint = closest(to: target, in: services).map { ": did you mean '\($0)'?" } ?? ""
        return "no ModelService '\(target)' in this revision\(hint) (explain explains ModelServices only)"
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
