@testable import GridServer
import Hummingbird
import Testing

@Suite struct HeaderNameTests {
    /// Evaluates every constant header name: a typo that made one invalid fails here, not in a request.
    @Test func everyHeaderNameIsAValidToken() {
        let names: [HTTPFields.Element.Name] = [.hubSignature256, .githubEvent, .githubDelivery, .requestID]
        #expect(names.map(\.canonicalName) == ["x-hub-signature-256", "x-github-event", "x-github-delivery", "x-request-id"])
    }
}
