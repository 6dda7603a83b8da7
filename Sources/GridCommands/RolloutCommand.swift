import ArgumentParser
import Foundation
import GridModel
import GridPlan
import GridStore

/// `gridops rollout`: the rollouts of services, and an operator's say over them.
struct RolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Show rollouts, and pause, resume or abort one.",
        discussion: """
            A rollout starts when a commit changes a service's model, version, workload
            class or GPUs per replica: its sites get the change wave by wave, each wave
            gated on health. The commands write to the store; a running `gridops serve`
            acts on them at its next pass.
            """,
        subcommands: [Status.self, Pause.self, Resume.self, Abort.self],
        defaultSubcommand: Status.self
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The latest rollout of each service, or every rollout of one.")
        @OptionGroup var stateOptions: StateOptions
        @Argument(help: ArgumentHelp("Only this service, with its earlier rollouts.", valueName: "tenant/service"))
        var service: String?
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text

        func validate() throws {
            try validateService(service)
        }

        func run() throws {
            let store = try stateOptions.openStore()
            let rollouts = try exitingOnReadFailure {
                do throws(StoreError) {
                    return try store.rollouts(service: service)
                } catch {
                    throw CannotRead(message: error.description)
                }
            }
            switch format {
            case .json:
                try FileOutput.standardOutput.writeJSON(rollouts)
            case .text:
                if rollouts.isEmpty { FileOutput.standardOutput.write("No rollouts\(service.map { " of \($0)" } ?? "") yet.\n") }
                FileOutput.standardOutput.write(rollouts.map(describe).joined())
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a progressing rollout at its current wave.")
        @OptionGroup var target: Target

        func run() throws {
            try target.command("paused") { (r: inout ServiceRollout) throws(RolloutCommandError) in try r.pause(at: Date()) }
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Go on with a paused rollout from its current wave (its health timeout counts anew).")
        @OptionGroup var target: Target

        func run() throws {
            try target.command("resumed") { (r: inout ServiceRollout) throws(RolloutCommandError) in try r.resume(at: Date()) }
        }
    }

    struct Abort: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a rollout and put every site back on the previous version, held until a new commit.")
        @OptionGroup var target: Target

        func run() throws {
            try target.command("aborted") { (r: inout ServiceRollout) throws(RolloutCommandError) in try r.abort(at: Date()) }
        }
    }

    struct Target: ParsableArguments {
        @OptionGroup var stateOptions: StateOptions
        @Argument(help: ArgumentHelp("The service whose latest rollout to act on (default: every rollout the command fits).",
                                     valueName: "tenant/service"))
        var service: String?

        func validate() throws {
            try validateService(service)
        }

        func command(_ done: String, _ change: @escaping (inout ServiceRollout) throws(RolloutCommandError) -> Void) throws {
            let store = try stateOptions.openStore()
            do {
                let services: [String]
                if let service {
                    guard try !store.rollouts(service: service).isEmpty else {
                        try refuse("no rollout of \(service) (rollouts start when a commit changes a service's model, version, "
                                   + "class or GPUs per replica)")
                    }
                    services = [service]
                } else {
                    // Without a service: every rollout not over that the command fits.
                    services = try store.activeRollouts().filter { r in
                        var copy = r
                        return (try? change(&copy)) != nil
                    }.map(\.qualifiedName)
                    guard !services.isEmpty else { try refuse("no rollout that can be \(done)") }
                }
                for service in services {
                    let rollout = try store.commandRollout(service, change)
                    FileOutput.standardOutput.write("rollout of \(rollout.qualifiedName) (#\(rollout.id)) \(done) at wave \(rollout.wave + 1) of \(rollout.waves.count)\n")
                }
            } catch let error as RolloutCommandError {
                try refuse("\(error)")
            } catch let error as StoreError {
                printError("gridops: error: \(error)")
                throw ExitCode.unreadable
            }
        }

        /// Exit 4: the rollout is not there, or not in a phase the command fits.
        private func refuse(_ why: String) throws -> Never {
            printError("gridops: error: \(why)")
            throw ExitCode.refused
        }
    }
}

/// A usage error unless `service` is nil or TENANT/SERVICE.
private func validateService(_ service: String?) throws {
    guard let service else { return }
    let parts = service.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
        throw ValidationError("'\(service)' is not TENANT/SERVICE")
    }
}

/// A rollout as `gridops rollout status` prints it.
func describe(_ r: ServiceRollout) -> String {
    let time = ISO8601DateFormatter()
    var out = "\(r.qualifiedName)  \(r.phase.rawValue)  wave \(r.wave + 1)/\(r.waves.count)  "
    out += "\(Rollouts.versionText(r.fromTemplate)) → \(Rollouts.versionText(r.toTemplate))\n"
    out += "  commit \(r.revision.prefix(12))\(r.pullRequest.map { " (pull request #\($0))" } ?? "")"
    out += "\(r.author.isEmpty ? "" : " by \(r.author)"): \(r.message)\n"
    for (i, wave) in r.waves.enumerated() {
        var line = "  wave \(i + 1): \(wave.sites.joined(separator: ", "))"
        if let started = wave.started { line += "  started \(time.string(from: started))" }
        if let healthy = wave.healthy { line += "  healthy \(time.string(from: healthy))" }
        out += line + "\n"
    }
    if !r.reason.isEmpty { out += "  reason: \(r.reason)\n" }
    if r.rolledBack { out += "  rolled back: every site runs \(Rollouts.versionText(r.fromTemplate)) until a new commit changes the service\n" }
    return out
}
