@testable import GridServer
import Testing

/// Payload shapes the route tests do not reach: deleted refs, opened pull requests, pings.
@Suite struct WebhookEventTests {
    func parse(_ name: String, _ json: String) throws(WebhookPayloadError) -> WebhookEvent? {
        try WebhookEvent.parse(name: name, body: Array(json.utf8))
    }

    @Test func pushThatDeletedTheRef() throws {
        let event = try parse("push", """
            {"ref": "refs/heads/old", "after": "0000000000000000000000000000000000000000", "head_commit": null,
             "pusher": {"name": "ada"}}
            """)
        let push = WebhookEvent.Push(ref: "refs/heads/old", after: "0000000000000000000000000000000000000000", pusher: "ada")
        #expect(event == .push(push))
    }

    @Test func openedPullRequestIsNotMerged() throws {
        let event = try parse("pull_request", """
            {"action": "opened", "number": 7, "pull_request": {"head": {"ref": "feature/x", "sha": "abc"},
             "merge_commit_sha": null}}
            """)
        #expect(event == .pullRequest(WebhookEvent.PullRequest(action: "opened", number: 7, headSHA: "abc", headRef: "feature/x")))
    }

    @Test func pingMustBeAJSONObject() throws {
        #expect(try parse("ping", "{}") == .ping)
        #expect(throws: WebhookPayloadError(message: "body is not a JSON object")) { try parse("ping", "[]") }
        #expect(throws: WebhookPayloadError.self) { try parse("ping", "payload=%7B%7D") }
    }

    @Test func otherEventsAreNotRead() throws {
        #expect(try parse("check_run", "not even JSON") == nil)
    }
}
