import ArgumentParser
import Foundation
import GridModel
import GridReconciler
import GridServer
import GridStore
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `gridops serve`: the daemon that keeps the grid converged to a branch.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the controller: follow a branch and keep the grid converged to it.",
        discussion: """
            Each interval: fetch the branch into a mirror under the state folder,
            reconcile when the revision changed, and re-observe every site (drift).
            SIGTERM or SIGINT lets the pass in flight finish and saves its state; a
            restart resumes without repeating a side effect.

            With --http, an HTTP server runs beside it: the dashboard at /, the JSON API
            under /api/v1 (bearer tokens from --tokens; its OpenAPI document at
            /api/v1/openapi.json), Prometheus metrics at /metrics, /healthz and /readyz,
            and POST /hooks/github for GitHub webhooks (push, pull_request) signed with
            the secret from --webhook-secret-file or $GRIDOPS_WEBHOOK_SECRET: a valid one
            makes the daemon fetch at once.
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
    @OptionGroup var observing: ObserveOptions

    @Option(help: ArgumentHelp("Preview pull-request heads fetched with this refspec ('none' to skip).", valueName: "refspec"))
    var previewRefspec: String = PreviewWatch.githubPulls

    @Option(help: ArgumentHelp("Also preview local branches matching this glob (e.g. 'feature/*').", valueName: "glob"))
    var previewBranches: String?

    @Option(help: ArgumentHelp("POST each new preview's JSON here, signed (X-Gridops-Signature-256).", valueName: "url"))
    var notifyURL: String?

    @Option(help: ArgumentHelp("File holding the signing secret (default: $GRIDOPS_NOTIFY_SECRET).", valueName: "file"))
    var notifySecretFile: String?

    @Option(help: ArgumentHelp("Serve HTTP here, e.g. 127.0.0.1:8080 (port 0: any free port, logged).",
                               valueName: "host:port"))
    var http: String?

    @Option(help: ArgumentHelp("File holding the GitHub webhook secret (default: $GRIDOPS_WEBHOOK_SECRET).",
                               valueName: "file"))
    var webhookSecretFile: String?

    @Option(help: ArgumentHelp("API tokens, a line each: TOKEN,NAME,admin or TOKEN,NAME,tenant:<name> (default: no tokens, every caller is an admin).",
                               valueName: "file"))
    var tokens: String?

    @Option(help: "Log format: text, or json (one object a line).")
    var logFormat: LogFormat = .text

    func validate() throws {
        if let http, Self.address(http) == nil {
            throw ValidationError("--http takes HOST:PORT with a port from 0 to 65535, found '\(http)'")
        }
        if webhookSecretFile != nil || tokens != nil, http == nil {
            throw ValidationError("--webhook-secret-file and --tokens need --http: they are for the HTTP server")
        }
        if let notifyURL, URL(string: notifyURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--notify-url must be an http or https URL, found '\(notifyURL)'")
        }
    }

    func run() async throws {
        let lock = try stateOptions.lock()
        defer { withExtendedLifetime(lock) {} }
        let (store, reconciler) = try await controllerStep { try stateOptions.openReconciler(observing) }
        var logger = logFormat.logger(label: "gridops")
        logger.logLevel = .info
        let wakeup = Wakeup()
        let board = PassBoard()
        let registry = PrometheusCollectorRegistry()
        let metrics = http == nil ? nil : GridMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let tracked = TrackedBranch(repository: repo, branch: branch, stateDirectory: stateOptions.state)
        let passInterval: Swift.Duration? = interval.map { .milliseconds($0.milliseconds) }
        let daemon = GridDaemon(reconciler: reconciler, branch: tracked, interval: passInterval, once: once, logger: logger,
                                wakeup: wakeup, board: board, metrics: metrics)
        logger.info("serving", metadata: ["repo": "\(repo)", "branch": "\(branch)", "state": "\(stateOptions.state)"])
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let watch = try previewWatch() {
            // Beside the daemon, woken by its passes. With --once: one round after the pass,
            // and the group ends when it is done (the daemon's end alone does not end it).
            let previews = PreviewService(branch: tracked, watch: watch, store: store,
                                          directory: (stateOptions.state as NSString).appendingPathComponent("previews"),
                                          board: board, interval: passInterval ?? .seconds(30), once: once, logger: logger)
            services.append(.init(service: daemon, successTerminationBehavior: once ? .ignore : .gracefullyShutdownGroup))
            services.append(.init(service: previews, successTerminationBehavior: .gracefullyShutdownGroup))
        } else {
            services.append(.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let http, let (host, port) = Self.address(http) {
            let settings = ServerSettings(api: GridAPI(board: board, store: store, wakeup: wakeup), tokens: try tokenTable(logger),
                                          webhooks: try webhooks(store: store, wakeup: wakeup, logger: logger), metrics: registry)
            let serverLogger = logger
            services.append(.init(service: makeApplication(host: host, port: port, settings: settings, logger: logger) { bound in
                serverLogger.info("http: listening on \(host):\(bound)",
                                  metadata: ["webhooks": "\(settings.webhooks == nil ? "off" : "on")"])
            }))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            printError("gridops: error: \(error)")
            throw ExitCode.unreadable
        }
    }
}

extension ServeCommand {
    /// `host:port`, or nil when malformed.
    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port), colon != text.startIndex else { return nil }
        return (String(text[..<colon]), port)
    }

    /// The webhook endpoint: each signed push or pull request wakes the daemon (a webhook
    /// carries no state: it only says "look again"); a merged pull request also records its
    /// number for the merge commit, so that commit's rollouts name it. Nil without a secret.
    func webhooks(store: GridStore, wakeup: Wakeup, logger: Logger) throws -> Webhooks? {
        guard let secret = try readSecret(file: webhookSecretFile, variable: WebhookSecret.environmentVariable) else {
            logger.notice("http: no webhook secret (--webhook-secret-file or GRIDOPS_WEBHOOK_SECRET): /hooks/github is off")
            return nil
        }
        return Webhooks(secret: secret) { event in
            if case .pullRequest(let pr) = event, pr.merged, let sha = pr.mergeCommitSHA {
                do {
                    try store.recordPullRequest(pr.number, forCommit: sha)
                } catch {
                    logger.warning("webhook: cannot record pull request #\(pr.number)", metadata: ["error": "\(error)"])
                }
            }
            if event != .ping { wakeup.poke() }
        }
    }

    /// The API's tokens; nil (every caller an admin, said in the log) without --tokens.
    func tokenTable(_ logger: Logger) throws -> TokenTable? {
        guard let tokens else {
            logger.notice("http: no --tokens file: every API caller is an admin; bind to loopback only")
            return nil
        }
        do throws(TokenFileError) {
            return try TokenTable(path: tokens)
        } catch {
            printError("gridops: error: \(error)")
            throw ExitCode.unreadable
        }
    }

    /// A secret from its file or variable; exit 2 when the file cannot be read or it is empty.
    private func readSecret(file: String?, variable: String) throws -> [UInt8]? {
        do throws(WebhookSecretError) {
            return try WebhookSecret.read(file: file, variable: variable)
        } catch {
            printError("gridops: error: \(error)")
            throw ExitCode.unreadable
        }
    }

    /// What to preview besides the followed branch; nil when nothing.
    func previewWatch() throws -> PreviewWatch? {
        let pulls = previewRefspec == "none" ? nil : previewRefspec
        guard pulls != nil || previewBranches != nil else { return nil }
        let secret = notifyURL == nil ? [] : try readSecret(file: notifySecretFile, variable: "GRIDOPS_NOTIFY_SECRET") ?? []
        if notifyURL != nil, secret.isEmpty {
            printError("gridops: error: --notify-url needs a secret: --notify-secret-file or GRIDOPS_NOTIFY_SECRET")
            throw ExitCode.unreadable
        }
        return PreviewWatch(pullRefspec: pulls, branches: previewBranches, notifyURL: notifyURL.flatMap { URL(string: $0) },
                            secret: secret)
    }
}
