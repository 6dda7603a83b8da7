import Foundation
@testable import GridServer
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `POST /hooks/github` through the router (no sockets): the order of the checks, the answers,
/// and that `onEvent` is called exactly once, only for signed deliveries that parse.
@Suite struct GitHubWebhookTests {
    let recorder = EventRecorder()

    func app(maxBodySize: Int = Webhooks.defaultMaxBodySize) -> some ApplicationProtocol {
        let recorder = recorder
        let webhooks = Webhooks(secret: Delivery.secret, maxBodySize: maxBodySize) { await recorder.record($0) }
        return Application(router: makeRouter(ServerSettings(webhooks: webhooks)))
    }

    /// Posts `delivery` and returns the status and body.
    func post(_ delivery: Delivery, to app: some ApplicationProtocol) async throws -> (HTTPResponse.Status, String) {
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/hooks/github", method: .post, headers: delivery.headers, body: ByteBuffer(string: delivery.body))
            return (response.status, String(buffer: response.body))
        }
    }

    func post(_ delivery: Delivery) async throws -> (HTTPResponse.Status, String) {
        try await post(delivery, to: app())
    }

    @Test func pushIsAcceptedAndReported() async throws {
        let (status, body) = try await post(Delivery(event: "push", body: Payloads.push))
        #expect(status == .accepted)
        #expect(body == #"{"accepted":"push"}"#)
        let push = WebhookEvent.Push(
            ref: "refs/heads/main", after: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
            headCommitMessage: "Raise the GPU quota of tenant acme", pusher: "ada", author: "Ada Lovelace")
        #expect(await recorder.events == [.push(push)])
    }

    @Test func pullRequestFieldsAreParsed() async throws {
        let (status, _) = try await post(Delivery(event: "pull_request", body: Payloads.pullRequest))
        #expect(status == .accepted)
        let pull = WebhookEvent.PullRequest(
            action: "closed", number: 42, headSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e", headRef: "feature/gpu-quota",
            merged: true, mergeCommitSHA: "e5bd3914e2e596debea16f433f57875b5b90bcd6")
        #expect(await recorder.events == [.pullRequest(pull)])
    }

    @Test func pingAnswers200() async throws {
        let (status, body) = try await post(Delivery(event: "ping", body: Payloads.ping))
        #expect(status == .ok)
        #expect(body == #"{"accepted":"ping"}"#)
        #expect(await recorder.events == [.ping])
    }

    @Test func forgedSignatureIs401() async throws {
        let forged = Delivery.sign(Payloads.push, secret: Array("guessed".utf8))
        let (status, body) = try await post(Delivery(event: "push", body: Payloads.push, signature: forged))
        #expect(status == .unauthorized)
        #expect(body.contains("X-Hub-Signature-256"))
        #expect(await recorder.events.isEmpty)
    }

    @Test func missingSignatureIs401() async throws {
        var delivery = Delivery(event: "push", body: Payloads.push)
        delivery.signature = nil
        let (status, _) = try await post(delivery)
        #expect(status == .unauthorized)
        #expect(await recorder.events.isEmpty)
    }

    @Test func signatureOfAnotherBodyIs401() async throws {
        let tampered = Payloads.push.replacingOccurrences(of: "refs/heads/main", with: "refs/heads/prod")
        let (status, _) = try await post(Delivery(event: "push", body: tampered, signature: Delivery.sign(Payloads.push)))
        #expect(status == .unauthorized)
        #expect(await recorder.events.isEmpty)
    }

    @Test func oversizedBodyIs413BeforeTheSignature() async throws {
        // Signed correctly: the size alone refuses it, and nothing else is looked at.
        let (status, body) = try await post(Delivery(event: "push", body: Payloads.push), to: app(maxBodySize: 64))
        #expect(status == .contentTooLarge)
        #expect(body.contains("larger than 64 bytes"))
        #expect(await recorder.events.isEmpty)
    }

    @Test func bodyFoundTooLargeWhileReadingIsRefused() async throws {
        // No Content-Length (a chunked body): the limit is found while collecting.
        let webhook = GitHubWebhook(Webhooks(secret: Delivery.secret, maxBodySize: 64) { _ in })
        let head = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/hooks/github")
        func streamed(_ chunks: Int) -> Request {
            let body = AsyncStream<ByteBuffer> { stream in
                for _ in 0..<chunks { stream.yield(ByteBuffer(repeating: 0x20, count: 40)) }
                stream.finish()
            }
            return Request(head: head, body: RequestBody(asyncSequence: body))
        }
        #expect(try await webhook.collectBody(streamed(2)) == nil)
        #expect(try await webhook.collectBody(streamed(1))?.count == 40)
    }

    @Test func bodyThatIsNotJSONIs400() async throws {
        let (status, body) = try await post(Delivery(event: "push", body: "payload=%7B%22ref%22%7D"))
        #expect(status == .badRequest)
        #expect(body.contains("not JSON"))
        #expect(await recorder.events.isEmpty)
    }

    @Test(arguments: [
        ("push", #"{"ref": "refs/heads/main"}"#, "missing field 'after'"),
        ("push", "[1, 2]", "body is not a JSON object"),
        ("pull_request", #"{"action": "opened", "number": 7, "pull_request": {"head": {"ref": "x"}}}"#,
         "missing field 'pull_request.head.sha'"),
        ("pull_request", #"{"action": "opened", "number": "7", "pull_request": {"head": {"ref": "x", "sha": "y"}}}"#,
         "field 'number' is not of type Int"),
    ])
    func jsonWithoutTheFieldsIs400(event: String, json: String, error: String) async throws {
        let (status, body) = try await post(Delivery(event: event, body: json))
        #expect(status == .badRequest)
        let reply = try JSONDecoder().decode([String: String].self, from: Data(body.utf8))
        #expect(reply == ["error": "\(event): \(error)"])
        #expect(await recorder.events.isEmpty)
    }

    @Test func missingEventHeaderIs400() async throws {
        let (status, body) = try await post(Delivery(event: nil, body: Payloads.push))
        #expect(status == .badRequest)
        #expect(body.contains("X-GitHub-Event"))
    }

    @Test func unknownEventIsAcceptedAndIgnored() async throws {
        let (status, body) = try await post(Delivery(event: "issues", body: #"{"action": "opened"}"#))
        #expect(status == .accepted)
        #expect(body == #"{"ignored":"issues"}"#)
        #expect(await recorder.events.isEmpty)
    }

    @Test func withoutWebhooksTheEndpointIs404() async throws {
        let app = Application(router: makeRouter(ServerSettings()))
        let status = try await app.test(.router) { client in
            let delivery = Delivery(event: "push", body: Payloads.push)
            return try await client.execute(
                uri: "/hooks/github", method: .post, headers: delivery.headers, body: ByteBuffer(string: delivery.body)
            ).status
        }
        #expect(status == .notFound)
    }

    @Test func healthz() async throws {
        let (status, body) = try await Application(router: makeRouter(ServerSettings())).test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            return (response.status, String(buffer: response.body))
        }
        #expect(status == .ok)
        #expect(body == "ok")
    }

    /// Real HTTP on loopback, through `makeApplication`: the port the system chose is reported.
    @Test func liveServerTakesASignedPush() async throws {
        let recorder = recorder
        let bound = PortRecorder()
        let app = makeApplication(
            host: "127.0.0.1", port: 0,
            settings: ServerSettings(webhooks: Webhooks(secret: Delivery.secret) { await recorder.record($0) }),
            logger: Logger(label: "gridops-test"), onServerRunning: { await bound.set($0) })
        try await app.test(.live) { client in
            let delivery = Delivery(event: "push", body: Payloads.push)
            let response = try await client.execute(
                uri: "/hooks/github", method: .post, headers: delivery.headers, body: ByteBuffer(string: delivery.body))
            #expect(response.status == .accepted)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(String(buffer: health.body) == "ok")
            #expect(await bound.port == client.port)
            // Refused from Content-Length alone; the unread body must not break the server.
            let oversized = Delivery(event: "push", body: String(repeating: " ", count: Webhooks.defaultMaxBodySize + 1))
            let refused = try await client.execute(
                uri: "/hooks/github", method: .post, headers: oversized.headers, body: ByteBuffer(string: oversized.body))
            #expect(refused.status == .contentTooLarge)
        }
        #expect(await recorder.events.count == 1)
    }
}

/// The port `onServerRunning` reported.
actor PortRecorder {
    private(set) var port: Int?

    func set(_ port: Int) {
        self.port = port
    }
}
