public import Hummingbird
public import Logging
public import Prometheus

/// What the HTTP server serves; each part off when nil.
public struct ServerSettings: Sendable {
    /// The JSON API under /api/v1, `/readyz` and the dashboard.
    public var api: GridAPI?
    /// Bearer tokens of the API; nil: every caller is an admin.
    public var tokens: TokenTable?
    /// `POST /hooks/github`; nil: 404 (unsigned hooks are never accepted).
    public var webhooks: Webhooks?
    /// `GET /metrics`.
    public var metrics: PrometheusCollectorRegistry?
    /// Larger request bodies are refused with 413.
    public var maxBodySize = 1_048_576

    public init(api: GridAPI? = nil, tokens: TokenTable? = nil, webhooks: Webhooks? = nil, metrics: PrometheusCollectorRegistry? = nil) {
        self.api = api
        self.tokens = tokens
        self.webhooks = webhooks
        self.metrics = metrics
    }
}

/// The gridops routes: `GET /healthz` (always), and what `settings` turns on.
public func makeRouter(_ settings: ServerSettings) -> Router<GridRequestContext> {
    let router = Router(context: GridRequestContext.self)
    router.add(middleware: RequestMiddleware(maxBodySize: settings.maxBodySize))
    router.get("/healthz") { _, _ in "ok" }
    if let api = settings.api {
        // The page holds no data: it asks the API for it, with the caller's token.
        router.get("/") { _, _ in APIResponse.text(DashboardPage.html, contentType: "text/html; charset=utf-8") }
        router.get("/readyz") { _, _ in
            api.ready ? APIResponse.text("ready", contentType: "text/plain; charset=utf-8")
                : APIResponse.json(APIError(error: "the first reconcile pass has not finished"), status: .serviceUnavailable)
        }
        addAPIRoutes(to: router, api: api, tokens: settings.tokens, maxBodySize: settings.maxBodySize)
    }
    if let registry = settings.metrics {
        router.get("/metrics") { _, _ in
            APIResponse.text(registry.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
    if let webhooks = settings.webhooks {
        router.post("/hooks/github", use: GitHubWebhook(webhooks).respond)
    }
    return router
}

/// The HTTP server `gridops serve --http host:port` runs next to the daemon: a ServiceLifecycle
/// `Service`, stopped gracefully with the rest of the group. `onServerRunning` gets the bound
/// port once the server listens (the one the system chose when `port` is 0).
public func makeApplication(
    host: String, port: Int, settings: ServerSettings, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: makeRouter(settings),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "gridops"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
