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
    var interval: GridModel.Duration?

    @Flag(help: "Run one pass and exit.")
    var once = false

    @OptionGroup var stateOptions: StateOptions

    @Option(help: ArgumentHelp("Preview pull-request heads fetched with this refspec ('none' to skip).", valueName: "refspec"))
    var previewRefspec: String = PreviewWatch.githubPulls

    @Option(help: ArgumentHelp("Also preview local branches matching this glob (e.g. 'feature/*').", valueName: "glob"))
    var previewBranches: String?

    @Option(help: ArgumentHelp("POST each new preview's JSON here, signed (X-Gridops-Signature-256).", valueName: "url"))
    var notifyURL: String?

    @Option(help: ArgumentHelp("File holding the signing secret (default: $GRIDOPS_NOTIFY_SECRET).", valueName: "file"))
    var notifySecretFile: String?

    func validate() throws {
        if let notifyURL, URL(string: notifyURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--notify-url must be an http or https URL, found '\(notifyURL)'")
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
            interval: interval.map { .milliseconds($0.milliseconds) },
            once: once, logger: logger, previews: try previewWatch(),
            previewDirectory: (stateOptions.state as NSString).appendingPathComponent("previews"))
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

extension ServeCommand {
    /// What to preview besides the followed branch; nil when nothing.
    func previewWatch() throws -> PreviewWatch? {
        let pulls = previewRefspec == "none" ? nil : previewRefspec
        guard pulls != nil || previewBranches != nil else { return nil }
        var secret: [UInt8] = []
        if let notifySecretFile {
            guard let data = FileManager.default.contents(atPath: notifySecretFile) else {
                printError("gridops: error: cannot read the secret file \(notifySecretFile)")
                throw ExitCode(2)
            }
            secret = Array(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        } else if let env = ProcessInfo.processInfo.environment["GRIDOPS_NOTIFY_SECRET"] {
            secret = Array(env.utf8)
        }
        if notifyURL != nil, secret.isEmpty {
            printError("gridops: error: --notify-url needs a secret: --notify-secret-file or GRIDOPS_NOTIFY_SECRET")
            throw ExitCode(2)
        }
        return PreviewWatch(pullRefspec: pulls, branches: previewBranches, notifyURL: notifyURL.flatMap { URL(string: $0) },
                            secret: secret)
    }
}
