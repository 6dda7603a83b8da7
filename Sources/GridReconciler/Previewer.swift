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
/// a notify URL is set.
struct Previewer {
    let branch: TrackedBranch
    let watch: PreviewWatch
    let store: GridStore
    let directory: String
    let logger: Logger

    func fetch() {
        for refspec in watch.refspecs {
            do throws(SourceError) {
                try branch.fetch(refspec: refspec)
            } catch {
                logger.warning("preview fetch failed", metadata: ["refspec": "\(refspec)", "error": "\(error)"])
            }
        }
    }

    func run() async {
        do {
            let mirror = try GitRepository(path: branch.mirror)
            let base = try mirror.resolveCommit(TrackedBranch.trackingRef)
            let heads = try mirror.references(matching: "refs/remotes/origin/pull/*")
                + mirror.references(matching: "refs/gridops/branches/*")
            let known = Dictionary(try store.previews().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (ref, head) in heads {
                let id = Self.id(for: ref)
                if let seen = known[id], seen.head == head, seen.base == base { continue }
                try await preview(id: id, ref: ref, base: base, head: head)
            }
        } catch {
            logger.warning("previews failed", metadata: ["error": "\(error)"])
        }
    }

    private func preview(id: String, ref: String, base: String, head: String) async throws {
        let preview = try PreviewBuilder.build(repository: branch.mirror, base: base, head: head, store: store)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(preview)
        try PreviewReport.markdown(preview).write(toFile: "\(directory)/\(id).md", atomically: true, encoding: .utf8)
        try json.write(to: URL(fileURLWithPath: "\(directory)/\(id).json"), options: .atomic)
        var notified = ""
        if let url = watch.notifyURL {
            notified = await notify(url, body: json)
        }
        try store.savePreview(StoredPreview(
            id: id, ref: ref, base: base, head: head, at: Date(), valid: preview.valid, errors: preview.errors,
            warnings: preview.warnings, actions: preview.sites.reduce(0) { $0 + $1.actions.count }, notified: notified))
        logger.info("preview written", metadata: ["id": "\(id)", "head": "\(head.prefix(12))", "notified": "\(notified)"])
    }

    /// POSTs the preview, retried with backoff (5 attempts from 0.5 s); "sent" or why not.
    private func notify(_ url: URL, body: Data) async -> String {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(PreviewWatch.signature(of: body, secret: watch.secret), forHTTPHeaderField: "X-Gridops-Signature-256")
        var delay = 0.5
        var last = ""
        for attempt in 1...5 {
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) { return "sent" }
                last = "HTTP \(status)"
                if (400..<500).contains(status), status != 429 { break }  // the receiver refuses: no use retrying
            } catch {
                last = "\(error.localizedDescription)"
            }
            if attempt < 5 {
                try? await Task.sleep(for: .seconds(delay * Double.random(in: 0.5...1.0)))
                delay *= 2
            }
        }
        return "not sent: \(last)"
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
