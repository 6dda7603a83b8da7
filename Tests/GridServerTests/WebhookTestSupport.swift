import Crypto
import Foundation
import GridModel
@testable import GridServer
import Hummingbird

/// Every event a `Webhooks.onEvent` received, in order: tests assert how many and which.
actor EventRecorder {
    private(set) var events: [WebhookEvent] = []

    func record(_ event: WebhookEvent) {
        events.append(event)
    }
}

/// A GitHub delivery as a test sends it: the event name, the raw body and the signature headers.
struct Delivery {
    static let secret = Array("It's a Secret to Everybody".utf8)

    var event: String?
    var body: String
    /// `X-Hub-Signature-256`; by default the body signed with `Delivery.secret`.
    var signature: String?

    init(event: String?, body: String, signature: String? = nil) {
        self.event = event
        self.body = body
        self.signature = signature ?? Delivery.sign(body)
    }

    /// What GitHub sends: `sha256=` and the hex HMAC-SHA256 of `body`.
    static func sign(_ body: String, secret: [UInt8] = Delivery.secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: secret))
        return "sha256=" + mac.withUnsafeBytes { Hex.string($0) }
    }

    var headers: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let event { headers[.githubEvent] = event }
        if let signature { headers[.hubSignature256] = signature }
        headers[.githubDelivery] = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
        return headers
    }
}

/// Payloads trimmed from GitHub's documentation to the fields gridops reads and a few it does not.
enum Payloads {
    static let push = """
        {"ref": "refs/heads/main", "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
         "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
         "head_commit": {"id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "message": "Raise the GPU quota of tenant acme",
                         "author": {"name": "Ada Lovelace", "email": "ada@example.com"}},
         "pusher": {"name": "ada", "email": "ada@example.com"},
         "repository": {"full_name": "example/grid"}}
        """

    static let pullRequest = """
        {"action": "closed", "number": 42,
         "pull_request": {"number": 42, "state": "closed", "merged": true,
                          "merge_commit_sha": "e5bd3914e2e596debea16f433f57875b5b90bcd6",
                          "head": {"ref": "feature/gpu-quota", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
                          "base": {"ref": "main", "sha": "9049f1265b7d61be4a8904a9a27120d2064dab3b"}}}
        """

    static let ping = """
        {"zen": "Keep it logically awesome.", "hook_id": 30}
        """
}
