import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGit
import GridModel
import GridStore
import GridTestSupport
import Testing

/// `gridops serve --http`: GitHub's webhooks over real HTTP on loopback. A signed push makes
/// the daemon fetch at once (its interval is an hour); forged, oversized and malformed ones
/// are refused and change nothing.
@Suite struct ServeWebhookTests {
    static let secret = "s3cret-for-tests"

    func signature(_ body: Data, secret: String = Self.secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.withUnsafeBytes { Hex.string($0) }
    }

    func post(_ port: Int, event: String, body: Data, signature: String?) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/hooks/github")!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(event, forHTTPHeaderField: "X-GitHub-Event")
        if let signature { request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }

    @Test func aSignedPushFetchesAtOnceAndBadOnesChangeNothing() async throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-webhook")
        try Data(Self.secret.utf8 + [10]).write(to: URL(fileURLWithPath: state.path + "/hook-secret"))
        let serve = try ServeProcess(["--repo", repo.path, "--branch", "main", "--interval", "1h", "--http", "127.0.0.1:0",
                                      "--webhook-secret-file", state.path + "/hook-secret", "--preview-refspec", "none"], state: state)
        let port = try #require(serve.httpPort(), "\(serve.log)")
        let first = try repo.repository.resolveCommit("main")
        #expect(eventually(60) { inForce(state) == first }, "the first revision is applied")
        // Converged: the next pass is an hour away.
        #expect(eventually(60) { serve.log.contains("pass: converged") }, "\(serve.log)")

        var files = try Fixtures.bundledGrid()
        files["manifests/tenants/netops/care-chat.yaml"] = files["manifests/tenants/netops/care-chat.yaml"]!
            .replacingOccurrences(of: "replicas: 8", with: "replicas: 6")
        let second = try repo.commit(files, message: "care-chat: 6 replicas")
        let push = Data(#"{"ref": "refs/heads/main", "after": "\#(second)", "head_commit": {"message": "care-chat: 6 replicas"}}"#.utf8)

        // Refused, and the daemon does not look again: forged, unsigned, signed with another secret,
        // oversized, malformed.
        #expect(try await post(port, event: "push", body: push, signature: "sha256=" + String(repeating: "0", count: 64)) == 401)
        #expect(try await post(port, event: "push", body: push, signature: nil) == 401)
        #expect(try await post(port, event: "push", body: push, signature: signature(push, secret: "other")) == 401)
        let huge = Data(repeating: UInt8(ascii: " "), count: 1_048_577)
        #expect(try await post(port, event: "push", body: huge, signature: signature(huge)) == 413)
        let broken = Data(#"{"ref": "refs/heads/main""#.utf8)
        #expect(try await post(port, event: "push", body: broken, signature: signature(broken)) == 400)
        let missing = Data(#"{"ref": "refs/heads/main"}"#.utf8)
        #expect(try await post(port, event: "push", body: missing, signature: signature(missing)) == 400)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(inForce(state) == first, "a refused webhook changes nothing")

        // A signed push: fetched and applied at once, not an hour later.
        #expect(try await post(port, event: "push", body: push, signature: signature(push)) == 202)
        #expect(eventually(30) { inForce(state) == second }, "the push made the daemon look again")

        // A merged pull request names its merge commit for the rollouts of that commit.
        let merged = Data(#"""
            {"action": "closed", "number": 31, "pull_request": {"number": 31, "merged": true, "merge_commit_sha": "\#(second)",
             "head": {"sha": "abc", "ref": "feature"}}}
            """#.utf8)
        #expect(try await post(port, event: "pull_request", body: merged, signature: signature(merged)) == 202)
        #expect(try GridStore(directory: state.path).pullRequest(forCommit: second) == 31)

        #expect(serve.stop(SIGTERM), "SIGTERM stops the daemon and the server: \(serve.log)")
        #expect(!serve.log.contains(Self.secret), "the secret is never logged")
    }

    @Test func badHTTPOptionsAreRefused() throws {
        let state = TemporaryDirectory("gridops-webhook")
        let bad = try runProcess(gridopsExecutable, ["serve", "--http", "localhost", "--once", "--state", state.path])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--http takes HOST:PORT"))
        try Data().write(to: URL(fileURLWithPath: state.path + "/empty"))
        let empty = try runProcess(gridopsExecutable, ["serve", "--http", "127.0.0.1:0", "--webhook-secret-file", state.path + "/empty",
                                                       "--once", "--state", state.path])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("is empty"), "\(empty.stderr)")
    }
}
