public import Hummingbird
public import Logging

/// Every request's context: Hummingbird's, plus who is calling (set by `AccessMiddleware` on
/// API routes) and the request id the logs carry.
public struct GridRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// nil outside the API routes.
    public var caller: Caller?
    public var requestID = ""

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
