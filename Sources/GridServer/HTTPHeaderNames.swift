import Hummingbird

/// The header names gridops reads and writes beyond the standard ones. Each is a constant
/// token, never built from a request, so the `!` cannot fail at run time; `HeaderNameTests`
/// evaluates every one. (Reached through `HTTPFields` because Hummingbird re-exports it and
/// HTTPTypes is not a direct dependency.)
extension HTTPFields.Element.Name {
    static let hubSignature256 = Self("X-Hub-Signature-256")!
    static let githubEvent = Self("X-GitHub-Event")!
    static let githubDelivery = Self("X-GitHub-Delivery")!
    static let requestID = Self("X-Request-Id")!
}
