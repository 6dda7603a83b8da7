import Hummingbird
import Logging

/// `POST /hooks/github`. The checks run in this order, each answering with a short JSON body:
/// a body over `maxBodySize` is 413, a missing or wrong signature 401, a body that does not
/// parse 400; then a ping is 200, a push or pull request 202 after `onEvent`, and any other
/// event 202 and ignored. Neither the secret nor the signature is ever logged.
struct GitHubWebhook: Sendable {
    let webhooks: Webhooks
    let signature: WebhookSignature

    init(_ webhooks: Webhooks) {
        self.webhooks = webhooks
        signature = WebhookSignature(secret: webhooks.secret)
    }

    func respond(to request: Request, context: GridRequestContext) async throws -> EditedResponse<[String: String]> {
        let logger = context.logger
        guard let body = try await collectBody(request) else {
            logger.warning("webhook refused: body over the limit", metadata: ["limit": "\(webhooks.maxBodySize)"])
            return reply(.contentTooLarge, error: "body is larger than \(webhooks.maxBodySize) bytes")
        }
        guard signature.isValid(request.headers[.hubSignature256], body: body) else {
            logger.warning("webhook refused: bad or missing signature")
            return reply(.unauthorized, error: "bad or missing X-Hub-Signature-256")
        }
        guard let name = request.headers[.githubEvent] else {
            return reply(.badRequest, error: "missing X-GitHub-Event header")
        }
        let delivery = request.headers[.githubDelivery] ?? "-"
        let event: WebhookEvent?
        do throws(WebhookPayloadError) {
            event = try WebhookEvent.parse(name: name, body: body)
        } catch {
            logger.warning("webhook refused",
                           metadata: ["event": "\(name)", "delivery": "\(delivery)", "error": "\(error.message)"])
            return reply(.badRequest, error: "\(name): \(error.message)")
        }
        guard let event else {
            logger.debug("webhook ignored", metadata: ["event": "\(name)", "delivery": "\(delivery)"])
            return EditedResponse(status: .accepted, response: ["ignored": name])
        }
        logger.info("webhook accepted", metadata: ["event": "\(name)", "delivery": "\(delivery)"])
        await webhooks.onEvent(event)
        return EditedResponse(status: event == .ping ? .ok : .accepted, response: ["accepted": name])
    }

    /// The raw body, or nil when it is over the limit: said up front by Content-Length, or found
    /// while reading.
    func collectBody(_ request: Request) async throws -> [UInt8]? {
        let limit = webhooks.maxBodySize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return nil }
        do {
            return Array(buffer: try await request.body.collect(upTo: limit))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return nil
        }
    }

    private func reply(_ status: HTTPResponse.Status, error: String) -> EditedResponse<[String: String]> {
        EditedResponse(status: status, response: ["error": error])
    }
}
