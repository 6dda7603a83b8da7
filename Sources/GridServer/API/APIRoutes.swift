import Foundation
import Hummingbird

/// `/api/v1/...`: every route answers JSON (`APIModels.swift`), as `/api/v1/openapi.json` says.
func addAPIRoutes(to router: Router<GridRequestContext>, api: GridAPI, tokens: TokenTable?, maxBodySize: Int) {
    let v1 = router.group("/api/v1").add(middleware: AccessMiddleware(tokens: tokens))
    v1.get("/openapi.json") { _, _ in APIResponse.text(OpenAPIDocument.json, contentType: "application/json; charset=utf-8") }
    v1.get("/status") { _, context in APIResponse.json(try api.status(try caller(context))) }
    v1.get("/summary") { request, context in
        if let first = request.uri.queryParameters.first {
            throw APIFailure(.badRequest, "unknown query parameter '\(first.key)': summary takes none")
        }
        return APIResponse.json(api.summary(try caller(context)))
    }
    v1.get("/map") { request, context in
        let query = request.uri.queryParameters
        for (name, _) in query where !["zoom", "bbox"].contains(String(name)) {
            throw APIFailure(.badRequest, "unknown query parameter '\(name)': map takes zoom, bbox")
        }
        let zoom = try integer(request, "zoom", default: 0, in: 0...10)
        let box = try query.get("bbox").map { try MapBox(String($0)) }
        return APIResponse.json(try api.map(zoom: zoom, box: box, try caller(context)))
    }
    v1.get("/sites") { request, context in
        let query = try ListQuery(request, list: "sites", filters: [ListFilters.condition, ListFilters.tier, .init(name: "region"), .init(name: "tenant")])
        return APIResponse.json(try api.sites(query, try caller(context)))
    }
    v1.get("/sites/{name}") { _, context in
        APIResponse.json(try api.site(context.parameters.get("name") ?? "", try caller(context)))
    }
    v1.get("/tenants/{name}") { _, context in
        APIResponse.json(try api.tenant(context.parameters.get("name") ?? "", try caller(context)))
    }
    v1.get("/services") { request, context in
        let query = try ListQuery(request, list: "services", filters: [.init(name: "tenant"), .init(name: "site"), ListFilters.condition])
        return APIResponse.json(try api.services(query, try caller(context)))
    }
    v1.get("/placements") { request, context in
        let query = try ListQuery(request, list: "placements", filters: [.init(name: "tenant"), .init(name: "site")])
        return APIResponse.json(try api.placements(query, try caller(context)))
    }
    v1.get("/drift") { request, context in
        let query = try ListQuery(request, list: "drift", filters: [.init(name: "tenant"), .init(name: "site")])
        return APIResponse.json(try api.drift(query, try caller(context)))
    }
    v1.get("/rollouts") { request, context in
        let query = try ListQuery(request, list: "rollouts", filters: [.init(name: "tenant"), ListFilters.phase])
        return APIResponse.json(try api.rollouts(query, try caller(context)))
    }
    v1.get("/previews") { _, context in APIResponse.json(try api.previews(try caller(context))) }
    v1.get("/events") { request, context in
        let since = try integer(request, "since", default: 0, in: 0...Int.max)
        let limit = try integer(request, "limit", default: 200, in: 1...1000)
        let tail = request.uri.queryParameters.get("tail") == nil ? nil : try integer(request, "tail", default: 15, in: 1...1000)
        return APIResponse.json(try api.events(since: Int64(since), limit: limit, tail: tail, try caller(context)))
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

/// Filters with a fixed set of values: anything else is a 400 that lists them.
enum ListFilters {
    static let condition = ListQuery.Filter(name: "condition", values: ["Ready", "Progressing", "Degraded", "Offline", "Stalled", "Unknown"])
    static let tier = ListQuery.Filter(name: "tier", values: ["factory", "regional", "edge"])
    static let phase = ListQuery.Filter(name: "phase", values: ["Progressing", "Paused", "Succeeded", "Failed", "Aborted", "Superseded"])
}
