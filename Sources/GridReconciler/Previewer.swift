import Crypto
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGit
import GridModel
import GridPlan
import GridStore
import Logging

/// What `serve` previews besides the branch it follows.
public struct PreviewWatch: Sendable {
    /// Pull-request heads: fetched with this refspec (GitHub's by default).
    public var pullRefspec: String?
    /// Local branches whose names match this glob (`feature/*`).
    public var branches: String?
    /// Where to POST each new preview's JSON, signed with `secret` (HMAC-SHA256).
    public var notifyURL: URL?
    public var secret: [UInt8]
    /// Retries of a POST that failed or got a 5xx or 429: 5 attempts from 0.5 s, doubling.
    public var notifyRetry = RetryPolicy(maxAttempts: 5, backoff: .milliseconds(500), maxBackoff: .seconds(8))
    /// How long one POST may wait for its answer.
    public var notifyTimeout: Swift.Duration = .seconds(10)

    public static let githubPulls = "+refs/pull/*/head:refs/remotes/origin/pull/*"

    public init(pullRefspec: String? = PreviewWatch.githubPulls, branches: String? = nil, notifyURL: URL? = nil, secret: [UInt8] = []) {
        self.pullRefspec = pullRefspec
        self.branches = branches
        self.notifyURL = notifyURL
        self.secret = secret
    }

    /// The refspecs to fetch, each mapping into a namespace of the mirror.
    var refspecs: [String] {
        var out: [String] = []
        if let pullRefspec { out.append(pullRefspec) }
        if let branches { out.append("+refs/heads/\(branches):refs/gridops/branches/\(branches)") }
        return out
    }

    /// The header a receiver checks: `sha256=` and the hex HMAC-SHA256 of the body.
    public static func signature(of body: Data, secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256=" + mac.withUnsafeBytes { Hex.string($0) }
    }
}

/// Writes a preview for each pull-request head or watched branch whose commit (or the base)
/// changed: `STATE/previews/<id>.md` and `.json`, a row in the store, and a signed POST when
/// a notify URL is set. Runs in `PreviewService`, never in the reconcile loop; git and the
/// placements run off the cooperative pool.
struct Previewer {
    let branch: TrackedBranch
    let watch: PreviewWatch
    let store: GridStore
    let directory: String
    let logger: Logger

    func fetch() async {
        for refspec in watch.refspecs {
            do {
                let branch = self.branch
                try await offPool { try branch.fetch(refspec: refspec) }
            } catch {
                logger.warning("preview fetch failed", metadata: ["refspec": "\(refspec)", "error": "\(error)"])
            }
        }
    }

    /// Previews every head whose preview is missing or stale. A cancelled run stops before
    /// the next preview, and records nothing of the one it was notifying: a restart sends it.
    func run() async {
        do {
            let path = branch.mirror
            let (base, heads) = try await offPool {
                let mirror = try GitRepository(path: path)
                return (try mirror.resolveCommit(TrackedBranch.trackingRef),
                        try mirror.references(matching: "refs/remotes/origin/pull/*") + mirror.references(matching: "refs/gridops/branches/*"))
            }
            let known = Dictionary(try store.previews().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (ref, head) in heads {
                let id = Self.id(for: ref)
                if let seen = known[id], seen.head == head, seen.base == base { continue }
                try Task.checkCancellation()
                try await preview(id: id, ref: ref, base: base, head: head)
            }
        } catch is CancellationError {
            logger.info("previews stopped: shutting down")
        } catch {
            logger.warning("previews failed", metadata: ["error": "\(error)"])
        }
    }

    private func preview(id: String, ref: String, base: String, head: String) async throws {
        let (path, store) = (branch.mirror, self.store)
        let preview = try await offPool { try PreviewBuilder.build(repository: path, base: base, head: head, store: store) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(preview)
        try PreviewReport.markdown(preview).write(toFile: "\(directory)/\(id).md", atomically: true, encoding: .utf8)
        try json.write(to: URL(fileURLWithPath: "\(directory)/\(id).json"), options: .atomic)
        var notified = ""
        if let url = watch.notifyURL {
            notified = await notify(url, body: json)
            // Shut down while notifying: not recorded, so the next start sends it again.
            try Task.checkCancellation()
        }
        try store.savePreview(StoredPreview(
            id: id, ref: ref, base: base, head: head, at: Date(), valid: preview.valid, errors: preview.errors,
            warnings: preview.warnings, actions: preview.sites.reduce(0) { $0 + $1.actions.count }, notified: notified))
        logger.info("preview written", metadata: ["id": "\(id)", "head": "\(head.prefix(12))", "notified": "\(notified)"])
    }

    /// POSTs the preview, retried with backoff (`watch.notifyRetry`) while it fails or the
    /// receiver answers 5xx or 429; "sent" or why not. Cancellation ends it at once, the
    /// request in flight included.
    private func notify(_ url: URL, body: Data) async -> String {
        var request = URLRequest(url: url, timeoutInterval: Double(watch.notifyTimeout.components.seconds))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(PreviewWatch.signature(of: body, secret: watch.secret), forHTTPHeaderField: "X-Gridops-Signature-256")
        let result = await retrying(watch.notifyRetry, transient: \.transient) { () async throws(NotifyError) in
            try await Self.post(request)
        }
        switch result {
        case .success: return "sent"
        case .failure(let error): return "not sent: \(error.message)"
        }
    }

    /// One POST. A 2xx is success; a 4xx other than 429 is the receiver refusing (no use
    /// retrying); anything else may pass later.
    private static func post(_ request: URLRequest) async throws(NotifyError) {
        let inFlight = InFlightRequest()
        let outcome: Result<Int, NotifyError> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Int, NotifyError>, Never>) in
                let task = URLSession.shared.dataTask(with: request) { _, response, error in
                    if let error {
                        continuation.resume(returning: .failure(NotifyError(message: error.localizedDescription, transient: true)))
                    } else {
                        continuation.resume(returning: .success((response as? HTTPURLResponse)?.statusCode ?? 0))
                    }
                }
                inFlight.start(task)
            }
        } onCancel: {
            inFlight.cancel()
        }
        let status = try outcome.get()
        if (200..<300).contains(status) { return }
        throw NotifyError(message: "HTTP \(status)", transient: !(400..<500).contains(status) || status == 429)
    }

    /// `refs/remotes/origin/pull/12` → `pull-12`; `refs/gridops/branches/feature/x` → `branch-feature-x`.
    static func id(for ref: String) -> String {
        let name: String
        if ref.hasPrefix("refs/remotes/origin/pull/") {
            name = "pull-" + ref.dropFirst("refs/remotes/origin/pull/".count)
        } else {
            name = "branch-" + ref.dropFirst("refs/gridops/branches/".count)
        }
        return String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" })
    }
}

/// Why a notification did not go out, and whether trying again may help.
struct NotifyError: Error {
    var message: String
    var transient: Bool
}

/// The request a notification has in flight, for its task's cancellation handler, which may
/// run before the request starts, while it runs, or after it ended.
private final class InFlightRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    /// Starts `task`, unless the notification was cancelled already (then it ends at once, cancelled).
    func start(_ task: URLSessionDataTask) {
        let cancelled = lock.withLock {
            self.task = task
            return self.cancelled
        }
        task.resume()
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = lock.withLock {
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}
