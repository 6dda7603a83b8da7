import Foundation
import Hummingbird
import Logging

/// Every request: a request id (the caller's `X-Request-Id` when sane, else a new one) in the
/// logs and the answer; bodies over the limit refused with 413 when their length says so.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext
    let maxBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[.requestID] ?? ""
        let sane = !given.isEmpty && given.utf8.count <= 64
            && given.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
        context.requestID = sane ? given : UUID().uuidString.lowercased()
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        var response: Response
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodySize {
            response = APIResponse.json(APIError(error: "body is larger than \(maxBodySize) bytes"), status: .contentTooLarge)
        } else {
            do {
                response = try await next(request, context)
            } catch let failure as APIFailure {
                response = try failure.response(from: request, context: context)
            }
        }
        response.headers[.requestID] = context.requestID
        return response
    }
}

/// The API routes: who calls, from `Authorization: Bearer TOKEN` against the tokens file. No
/// token or an unknown one: 401. Without a tokens file every caller is an admin (a server on
/// loopback for one operator); `serve` says so in its log.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = GridRequestContext
    let tokens: TokenTable?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path == "/api/v1/openapi.json" { return try await next(request, context) }
        guard let tokens else {
            context.caller = .admin
            return try await next(request, context)
        }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), let (caller, name) = tokens.caller(for: String(header.dropFirst("Bearer ".count))) else {
            context.logger.notice("api: refused: \(header.isEmpty ? "no token" : "unknown token")",
                                  metadata: ["path": "\(request.uri.path)"])
            throw APIFailure(.unauthorized, header.isEmpty ? "a bearer token is required" : "unknown token")
        }
        context.caller = caller
        context.logger[metadataKey: "caller"] = .string(name)
        return try await next(request, context)
    }
}
