import Foundation
import Hummingbird

/// `/api/v1/...`: every route answers JSON (`APIModels.swift`), as `/api/v1/openapi.json` says.
func addAPIRoutes(to router: Router<GridRequestContext>, api: GridAPI, tokens: TokenTable?, maxBodySize: Int) {
    let v1 = router.group("/api/v1").add(middleware: AccessMiddleware(tokens: tokens))
    v1.get("/openapi.json") { _, _ in APIResponse.text(OpenAPIDocument.json, contentType: "application/json; charset=utf-8") }
    v1.get("/status") { _, context in APIResponse.json(try api.status(try caller(context))) }
    v1.get("/sites") { _, context in APIResponse.json(try api.sites(try caller(context))) }
    v1.get("/sites/{name}") { _, context in
        APIResponse.json(try api.site(context.parameters.get("name") ?? "", try caller(context)))
    }
    v1.get("/tenants/{name}") { _, context in
        APIResponse.json(try api.tenant(context.parameters.get("name") ?? "", try caller(context)))
    }
    v1.get("/services") { _, context in APIResponse.json(api.services(try caller(context))) }
    v1.get("/placements") { _, context in APIResponse.json(api.placements(try caller(context))) }
    v1.get("/drift") { _, context in APIResponse.json(api.drift(try caller(context))) }
    v1.get("/rollouts") { _, context in APIResponse.json(try api.rollouts(try caller(context))) }
    v1.get("/previews") { _, context in APIResponse.json(try api.previews(try caller(context))) }
    v1.get("/events") { request, context in
        let since = try integer(request, "since", default: 0, in: 0...Int.max)
        let limit = try integer(request, "limit", default: 200, in: 1...1000)
        return APIResponse.json(try api.events(since: Int64(since), limit: limit, try caller(context)))
    }
    v1.post("/reconcile") { request, context in
        // The body is not used, but it is not read without a bound either.
        do {
            _ = try await request.body.collect(upTo: maxBodySize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIFailure(.contentTooLarge, "body is larger than \(maxBodySize) bytes")
        }
        return APIResponse.json(try api.reconcile(try caller(context)), status: .accepted)
    }
}

/// Set by `AccessMiddleware` on every API route but the OpenAPI document.
private func caller(_ context: GridRequestContext) throws(APIFailure) -> Caller {
    guard let caller = context.caller else { throw APIFailure(.unauthorized, "a bearer token is required") }
    return caller
}

/// An integer query parameter in `range`; 400 naming it otherwise.
private func integer(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws(APIFailure) -> Int {
    guard let text = request.uri.queryParameters.get(name) else { return value }
    guard let n = Int(text), range.contains(n) else {
        throw APIFailure(.badRequest, "query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), found '\(text)'")
    }
    return n
}
