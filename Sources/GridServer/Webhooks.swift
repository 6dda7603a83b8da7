/// How `POST /hooks/github` is served: the secret shared with GitHub, the largest body read, and
/// what to do with each delivery that is signed and parses.
public struct Webhooks: Sendable {
    /// 1 MiB: GitHub caps payloads at 25 MB, but the events gridops reads are a few kilobytes.
    public static let defaultMaxBodySize = 1_048_576

    /// The hook's secret, as configured on GitHub. Empty rejects every delivery.
    public var secret: [UInt8]
    /// Bodies larger than this are refused with 413 before their signature is checked.
    public var maxBodySize: Int
    /// Called once per delivery, only after its signature checks out and its body parses, before
    /// GitHub gets its answer. GitHub waits 10 seconds at most: signal the daemon to look again,
    /// do not fetch here.
    public var onEvent: @Sendable (WebhookEvent) async -> Void

    public init(secret: [UInt8], maxBodySize: Int = Webhooks.defaultMaxBodySize,
                onEvent: @escaping @Sendable (WebhookEvent) async -> Void) {
        self.secret = secret
        self.maxBodySize = maxBodySize
        self.onEvent = onEvent
    }
}
