import ArgumentParser
import Foundation
import GridDrivers
import GridModel

/// `gridops sim`: look at the simulated world and disturb it.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Look at the simulated sites and disturb them: drift, deletions, outages, faults.",
        discussion: """
            The simulated world lives in STATE/world.sqlite, apart from the controller's
            store: what it runs is what was applied to it, whatever the controller remembers.
            """,
        subcommands: [Status.self, Log.self, Drift.self, Delete.self, Offline.self, Online.self, Faults.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each simulated site: faults, GPU use, resources.")
        @OptionGroup var stateOptions: StateOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Option(help: ArgumentHelp("List the resources of this site.", valueName: "site")) var site: String?

        func run() throws {
            let world = try stateOptions.openWorld()
            try worldStep {
                if let site {
                    let resources = try world.resources(site: site)
                    if format == .json { return try encodeJSON(resources.map(\.resource)) + "\n" }
                    return resources.map { r in
                        "\(r.resource.id)  \(r.resource.managed ? "managed" : "unmanaged")  \(r.resource.status.rawValue)  \(r.resource.specHash.prefix(12))\n"
                    }.joined()
                }
                let sites = try world.status()
                if format == .json { return try encodeJSON(sites) + "\n" }
                return "seed \(world.seed) (faults are drawn from it; `gridops sim faults --seed N` sets it)\n" + sites.map { s in
                    var line = "\(s.name)  \(s.faults.online ? "online" : "OFFLINE")  resources=\(s.resources)"
                    line += "  gpus=" + s.capacity.sorted { $0.key < $1.key }.map { "\($0.key):\(s.gpusUsed[$0.key] ?? 0)/\($0.value)" }.joined(separator: ",")
                    if s.faults.failRate > 0 { line += "  fail=\(s.faults.failRate)" }
                    if s.faults.partialRate > 0 { line += "  partial=\(s.faults.partialRate)" }
                    if s.faults.latencyMs > 0 { line += "  latency=\(s.faults.latencyMs)ms" }
                    if !s.faults.unhealthyVersions.isEmpty { line += "  unhealthy=\(s.faults.unhealthyVersions.joined(separator: ","))" }
                    if !s.foreignGPUs.isEmpty { line += "  foreign=" + s.foreignGPUs.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") }
                    return line + "\n"
                }.joined()
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every mutating call the sites received, oldest first.")
        @OptionGroup var stateOptions: StateOptions
        @Option(help: ArgumentHelp("Only this site.", valueName: "site")) var site: String?
        @Option(help: ArgumentHelp("Only this resource (kind/tenant/name).", valueName: "id")) var resource: String?
        @Option(help: "The last N calls.") var limit: Int = 50
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func run() throws {
            let world = try stateOptions.openWorld()
            try worldStep {
                let calls = try world.calls(site: site, resource: resource, limit: limit)
                if format == .json { return try encodeJSON(calls) + "\n" }
                return calls.map { "\($0.seq)  \($0.site)  \($0.verb) \($0.resource)  \($0.effect)  \($0.specHash.prefix(12))\n" }.joined()
            }
        }
    }

    struct Drift: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a resource's fields out of band.")
        @OptionGroup var target: Target
        @Option(name: .customLong("set"), help: ArgumentHelp("A field to change, key=value (repeatable).", valueName: "key=value"))
        var fields: [String] = ["replicas=0"]

        func run() throws {
            var changes: [String: String] = [:]
            for f in fields {
                guard let eq = f.firstIndex(of: "=") else { throw ValidationError("--set takes key=value, found '\(f)'") }
                changes[String(f[..<eq])] = String(f[f.index(after: eq)...])
            }
            let world = try target.stateOptions.openWorld()
            try worldStep {
                try world.modify(site: target.site, resource: try target.id(), set: changes)
                return "changed \(target.resource) at \(target.site)\n"
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a resource out of band.")
        @OptionGroup var target: Target

        func run() throws {
            let world = try target.stateOptions.openWorld()
            try worldStep {
                try world.remove(site: target.site, resource: try target.id())
                return "deleted \(target.resource) at \(target.site)\n"
            }
        }
    }

    struct Offline: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a site offline: it stops answering.")
        @OptionGroup var target: SiteSwitch

        func run() throws { try target.set(online: false) }
    }

    struct Online: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring a site back online.")
        @OptionGroup var target: SiteSwitch

        func run() throws { try target.set(online: true) }
    }

    /// A site to take offline or bring back.
    struct SiteSwitch: ParsableArguments {
        @OptionGroup var stateOptions: StateOptions
        @Option(help: ArgumentHelp("The site.", valueName: "site")) var site: String

        func set(online: Bool) throws {
            let world = try stateOptions.openWorld()
            try worldStep {
                try world.setFaults(site: site, .init(online: online))
                return "\(site) is \(online ? "online" : "offline")\n"
            }
        }
    }

    struct Faults: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set failure rates, latency, foreign GPU load and unhealthy versions, for one site or all.")
        @OptionGroup var stateOptions: StateOptions
        @Option(help: ArgumentHelp("Only this site (default: every site).", valueName: "site")) var site: String?
        @Option(help: ArgumentHelp("Share of calls that fail before any change, 0..1.", valueName: "rate")) var failRate: Double?
        @Option(help: ArgumentHelp("Share of calls whose change is made but whose answer is lost, 0..1.", valueName: "rate"))
        var partialRate: Double?
        @Option(help: ArgumentHelp("Delay of every call (e.g. 50ms).", valueName: "duration")) var latency: GridModel.Duration?
        @Option(help: ArgumentHelp("GPUs in use by others, MODEL=N (repeatable; MODEL=0 clears).", valueName: "model=n"))
        var foreign: [String] = []
        @Option(help: ArgumentHelp("Deployments of this model version report unhealthy (repeatable; replaces the list).",
                                   valueName: "version"))
        var unhealthyVersion: [String] = []
        @Flag(help: "Every version reports healthy again.") var clearUnhealthy = false
        @Option(help: ArgumentHelp("The seed injected faults are drawn from, stored with the world: the same seed, the same faults.",
                                   valueName: "n"))
        var seed: UInt64?

        func validate() throws {
            if clearUnhealthy, !unhealthyVersion.isEmpty {
                throw ValidationError("--clear-unhealthy and --unhealthy-version contradict each other")
            }
            for rate in [failRate, partialRate].compactMap({ $0 }) where !(0...1).contains(rate) {
                throw ValidationError("rates are between 0 and 1, found \(rate)")
            }
            if !foreign.isEmpty, Self.parse(foreign) == nil {
                throw ValidationError("--foreign takes MODEL=N with N >= 0, found '\(foreign.joined(separator: " "))'")
            }
        }

        /// `MODEL=N` pairs; nil when the option was not given, or one is malformed.
        static func parse(_ foreign: [String]) -> [String: Int]? {
            var gpus: [String: Int] = [:]
            for f in foreign {
                let parts = f.split(separator: "=")
                guard parts.count == 2, let n = Int(parts[1]), n >= 0 else { return nil }
                if n > 0 { gpus[String(parts[0])] = n }
            }
            return gpus
        }

        func run() throws {
            let gpus = foreign.isEmpty ? nil : Self.parse(foreign)
            let change = SimulatedWorld.FaultChange(
                failRate: failRate, partialRate: partialRate,
                latencyMs: latency.map { Int($0.milliseconds) },
                foreignGPUs: gpus,
                unhealthyVersions: clearUnhealthy ? [] : unhealthyVersion.isEmpty ? nil : unhealthyVersion)
            let world = try stateOptions.openWorld()
            try worldStep {
                var out = ""
                if let seed {
                    try world.setSeed(seed)
                    out += "seed set to \(seed)\n"
                }
                try world.setFaults(site: site, change)
                if !change.isEmpty || seed == nil { out += "faults set on \(site ?? "every site")\n" }
                return out
            }
        }
    }

    /// A resource at a site.
    struct Target: ParsableArguments {
        @OptionGroup var stateOptions: StateOptions
        @Option(help: ArgumentHelp("The site.", valueName: "site")) var site: String
        @Option(help: ArgumentHelp("The resource: kind/tenant/name, e.g. deployment/acme/chat.", valueName: "id"))
        var resource: String

        func id() throws -> ResourceID {
            guard let id = ResourceID(resource) else {
                throw ValidationError("'\(resource)' is not a resource id: kind/tenant/name, kind one of "
                                      + ResourceKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return id
        }
    }
}

/// Runs a world command and prints its output. A world error is exit 4 when what was named
/// does not exist (a site, a resource, a field), else exit 2, with the message.
private func worldStep(_ body: () throws -> String) throws {
    do {
        FileOutput.standardOutput.write(try body())
    } catch let error as WorldError {
        printError("gridops: error: \(error.description)")
        throw error.notFound ? ExitCode.refused : ExitCode.unreadable
    }
}
