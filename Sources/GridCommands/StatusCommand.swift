import ArgumentParser
import Foundation
import GridModel
import GridStore

/// `gridops status`: the revision in force, and a condition per site and service, from the store.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the revision in force and each site's and service's condition.",
        discussion: """
            Reads the store only (no site is called): the revision in force, the newest
            revision seen and why it is not in force, the rollouts that are not over (see
            `gridops rollout`), and per site and service a condition (Ready, Progressing,
            Degraded, Offline, Stalled) with its reason, revision and how long it has
            held.
            """
    )

    @OptionGroup var stateOptions: StateOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Show it again every --every until interrupted (Ctrl-C), the screen cleared in between on a terminal.")
    var watch = false

    @Option(help: ArgumentHelp("Time between refreshes with --watch.", valueName: "duration"))
    var every = GridModel.Duration(milliseconds: 2000, text: "2s")

    func validate() throws {
        if every.milliseconds < 100 { throw ValidationError("--every must be at least 100ms, found \(every)") }
    }

    struct JSON: Encodable {
        struct Item: Encodable {
            var scope: String
            var name: String
            var condition: String
            var reason: String
            var revision: String
            var since: Date
        }

        var inForce: RevisionRecord?
        var latest: RevisionRecord?
        var rollouts: [ServiceRollout]
        var conditions: [Item]
    }

    func run() throws {
        let store = try stateOptions.openStore()
        guard watch else { return try show(store) }
        let terminal = isatty(STDOUT_FILENO) == 1
        while true {
            if terminal { FileOutput.standardOutput.write("\u{1B}[H\u{1B}[2J") }
            try show(store)
            if terminal { FileOutput.standardOutput.write("\n(every \(every); Ctrl-C to stop)\n") }
            Thread.sleep(forTimeInterval: Double(every.milliseconds) / 1000)
        }
    }

    private func show(_ store: GridStore) throws {
        let (state, rollouts, conditions) = try exitingOnReadFailure {
            do throws(StoreError) {
                return (try store.controllerState(), try store.activeRollouts(), try store.conditions())
            } catch {
                throw CannotRead(message: error.description)
            }
        }
        switch format {
        case .json:
            let items = conditions.map {
                JSON.Item(scope: $0.condition.scope.rawValue, name: $0.condition.name, condition: $0.condition.status.rawValue,
                          reason: $0.condition.reason, revision: $0.condition.revision, since: $0.since)
            }
            try FileOutput.standardOutput.writeJSON(JSON(inForce: state.inForce, latest: state.latest, rollouts: rollouts, conditions: items))
        case .text:
            FileOutput.standardOutput.write(text(state, rollouts, conditions))
        }
    }

    private func text(_ state: ControllerState, _ rollouts: [ServiceRollout], _ conditions: [StoredCondition]) -> String {
        var out = ""
        if let r = state.inForce {
            out += "Revision in force: \(r.sha.prefix(12)) \(r.message) (\(r.author))\n"
        } else {
            out += "No revision in force yet: run `gridops apply` or `gridops serve`.\n"
        }
        if let latest = state.latest, latest.sha != state.inForce?.sha {
            out += "Newest revision \(latest.sha.prefix(12)) is not in force: \(latest.reason)\n"
        }
        if !rollouts.isEmpty {
            out += "\nRollouts (\(rollouts.count) not over; `gridops rollout status` for their waves):\n"
            for r in rollouts {
                out += "  \(r.qualifiedName)  \(r.phase.rawValue) at wave \(r.wave + 1) of \(r.waves.count)"
                out += r.reason.isEmpty ? "\n" : ": \(r.reason)\n"
            }
        }
        for scope in [Condition.Scope.site, .service] {
            let items = conditions.filter { $0.condition.scope == scope }
            guard !items.isEmpty else { continue }
            var counts: [String] = []
            for status in Condition.Status.allCases {
                let n = items.count { $0.condition.status == status }
                if n > 0 { counts.append("\(n) \(status.rawValue)") }
            }
            out += "\n\(scope == .site ? "Sites" : "Services") (\(items.count): \(counts.joined(separator: ", "))):\n"
            let width = min(40, items.map(\.condition.name.count).max() ?? 0)
            for item in items {
                let c = item.condition
                let name = c.name.padding(toLength: max(width, c.name.count), withPad: " ", startingAt: 0)
                let status = c.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                out += "  \(name)  \(status) \(c.reason) (\(ago(item.since)), \(c.revision.prefix(12)))\n"
            }
        }
        return out
    }

    private func ago(_ date: Date) -> String {
        let s = max(0, Int(Date().timeIntervalSince(date)))
        return s < 120 ? "\(s)s" : s < 7200 ? "\(s / 60)m" : "\(s / 3600)h"
    }
}
