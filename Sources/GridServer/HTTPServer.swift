public import Hummingbird
public import Logging

/// The gridops routes: `GET /healthz` answers `ok`; `POST /hooks/github` takes GitHub's
/// webhooks when `webhooks` is set, and is absent (404) otherwise: unsigned hooks are never
/// accepted.
public func makeRouter(webhooks: Webhooks?) -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/healthz") { _, _ in "ok" }
    if let webhooks {
        router.post("/hooks/github", use: GitHubWebhook(webhooks).respond)
    }
    return router
}

/// The HTTP server `gridops serve --http host:port` runs next to the daemon: a ServiceLifecycle
/// `Service`, stopped gracefully with the rest of the group. `onServerRunning` gets the bound
/// port once the server listens (the one the system chose when `port` is 0).
public func makeApplication(
    host: String, port: Int, webhooks: Webhooks?, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: makeRouter(webhooks: webhooks),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "gridops"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
