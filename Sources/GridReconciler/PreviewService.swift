public import GridStore
public import Logging
public import ServiceLifecycle

/// `gridops serve`'s previews, beside the daemon in the same ServiceGroup rather than in its
/// loop: a slow or failing notify receiver (a notification may take a minute of retries)
/// never holds back the next reconcile pass.
///
/// Wakes when the daemon posts a pass to `board` (the followed branch may have moved: every
/// preview's base) and every `interval` (a pull request may have moved), fetches the
/// pull-request heads and watched branches, and previews those whose head or base changed
/// (`Previewer`). Many passes while a round runs make one more round. On graceful shutdown
/// the round in flight is cancelled at once, a notification being retried included; what
/// it had not recorded is previewed again at the next start.
public struct PreviewService: Service {
    public var branch: TrackedBranch
    public var watch: PreviewWatch
    public var store: GridStore
    /// Where `<id>.md` and `<id>.json` are written.
    public var directory: String
    /// The daemon's passes: each one posted starts a round.
    public var board: PassBoard
    /// A round also starts this long after the last one without a pass.
    public var interval: Swift.Duration
    /// One round after the first pass posted, then return (`serve --once`).
    public var once: Bool
    public var logger: Logger

    public init(branch: TrackedBranch, watch: PreviewWatch, store: GridStore, directory: String, board: PassBoard,
                interval: Swift.Duration = .seconds(30), once: Bool = false, logger: Logger) {
        self.branch = branch
        self.watch = watch
        self.store = store
        self.directory = directory
        self.board = board
        self.interval = interval
        self.once = once
        self.logger = logger
    }

    public func run() async throws {
        let passed = Wakeup()
        board.onPost { _, _ in passed.poke() }
        // Nothing to preview against before the daemon has fetched the branch and passed once.
        while board.latest == nil {
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            try? await cancelWhenGracefulShutdown { try await passed.sleep(for: .seconds(1)) }
        }
        try? await passed.sleep(for: .zero)  // that pass is this round's
        let previewer = Previewer(branch: branch, watch: watch, store: store, directory: directory, logger: logger)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // Cancelled as a whole on graceful shutdown: nothing here must finish first.
            await cancelWhenGracefulShutdown {
                await previewer.fetch()
                await previewer.run()
            }
            if once { return }
            try? await cancelWhenGracefulShutdown { try await passed.sleep(for: interval) }
        }
    }
}
