import Foundation

/// Why a webhook body was refused: what is missing or wrong, short enough for GitHub's
/// delivery log (`{"error": "..."}`).
struct WebhookPayloadError: Error, Equatable {
    var message: String
}

extension WebhookEvent {
    /// The event `name` (the `X-GitHub-Event` header) parsed from `body`; nil for the kinds
    /// gridops does not act on (GitHub sends many: issues, stars, check runs, ...). A ping must
    /// be a JSON object too, so that a hook sending forms fails when it is created.
    static func parse(name: String, body: [UInt8]) throws(WebhookPayloadError) -> WebhookEvent? {
        switch name {
        case "ping":
            _ = try decode(JSONObject.self, body)
            return .ping
        case "push":
            let push = try decode(PushPayload.self, body)
            return .push(Push(ref: push.ref, after: push.after, headCommitMessage: push.headCommit?.message,
                              pusher: push.pusher?.name, author: push.headCommit?.author?.name))
        case "pull_request":
            let event = try decode(PullRequestPayload.self, body)
            let pull = event.pullRequest
            return .pullRequest(PullRequest(action: event.action, number: event.number, headSHA: pull.head.sha,
                                            headRef: pull.head.ref, merged: pull.merged ?? false,
                                            mergeCommitSHA: pull.mergeCommitSHA))
        default:
            return nil
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws(WebhookPayloadError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw WebhookPayloadError(message: describe(error))
        } catch {
            throw WebhookPayloadError(message: "body is not a valid payload: \(error)")
        }
    }

    /// Names the field at fault, dotted from the top (`pull_request.head.sha`).
    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(field(context.codingPath + [key]))'"
        case .valueNotFound(_, let context):
            return "field '\(field(context.codingPath))' is null"
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "body is not a JSON object" }
            return "field '\(field(context.codingPath))' is not of type \(type)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "body is not JSON (set the hook's content type to application/json)"
            }
            return "field '\(field(context.codingPath))' is invalid"
        @unknown default:
            return "body is not a valid payload"
        }
    }
}

/// Any JSON object, its fields unread: what a ping must be.
private struct JSONObject: Decodable {
    private enum NoKeys: CodingKey {}

    init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }
}

/// The fields of a push payload gridops reads.
private struct PushPayload: Decodable {
    struct Person: Decodable {
        var name: String?
    }

    struct Commit: Decodable {
        var message: String
        var author: Person?
    }

    var ref: String
    var after: String
    /// Null when the push deleted the ref.
    var headCommit: Commit?
    var pusher: Person?

    enum CodingKeys: String, CodingKey {
        case ref, after, pusher
        case headCommit = "head_commit"
    }
}

/// The fields of a pull_request payload gridops reads.
private struct PullRequestPayload: Decodable {
    struct Head: Decodable {
        var sha: String
        var ref: String
    }

    struct PullRequest: Decodable {
        var head: Head
        var merged: Bool?
        var mergeCommitSHA: String?

        enum CodingKeys: String, CodingKey {
            case head, merged
            case mergeCommitSHA = "merge_commit_sha"
        }
    }

    var action: String
    var number: Int
    var pullRequest: PullRequest

    enum CodingKeys: String, CodingKey {
        case action, number
        case pullRequest = "pull_request"
    }
}
