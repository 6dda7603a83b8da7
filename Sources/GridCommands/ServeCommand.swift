import ArgumentParser
import Foundation
import GridModel
import GridReconciler
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridops serve`: the daemon that keeps the grid converged to a branch.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the controller: follow a branch and keep the grid converged to it.",
        discussion: """
            Each interval: fetch the branch into a mirror under the state folder, reconcile
            when the revision changed, and re-observe every site (drift). SIGTERM or SIGINT
            lets the pass in flight finish and saves its state; a restart resumes without
            repeating a side effect.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Repository to follow: a path or a file:// URL.", valueName: "path-or-url"))
    var repo: String = "."

    @Option(help: ArgumentHelp("Branch to follow; HEAD follows the repository's current branch.", valueName: "name"))
    var branch: String = "main"

    @Option(help: ArgumentHelp("Time between passes (default: the Grid's reconcile.interval).", valueName: "duration"))
    var interval: String?

    @Flag(help: "Run one pass and exit.")
    var once = false

    @OptionGroup var stateOptions: StateOptions

    func validate() throws {
        if let interval, GridModel.Duration(parsing: interval) == nil {
            throw ValidationError("--interval must be a duration with a unit (500ms, 90s, 5m), found '\(interval)'")
        }
    }

    func run() async throws {
        let lock = try stateOptions.lock()
        defer { withExtendedLifetime(lock) {} }
        let (_, reconciler) = try await controllerStep { try stateOptions.openReconciler() }
        var logger = Logger(label: "gridops")
        logger.logLevel = .info
        let daemon = GridDaemon(
            reconciler: reconciler,
            branch: TrackedBranch(repository: repo, branch: branch, stateDirectory: stateOptions.state),
            interval: interval.flatMap { GridModel.Duration(parsing: $0) }.map { .milliseconds($0.milliseconds) },
            once: once, logger: logger)
        logger.info("serving", metadata: ["repo": "\(repo)", "branch": "\(branch)", "state": "\(stateOptions.state)"])
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            printError("gridops: error: \(error)")
            throw ExitCode(2)
        }
    }
}
