import Foundation
@testable import GridServer
import Testing

/// The OpenAPI document against the routes and `APIModels.swift`, and the validator the route
/// tests check every answer with: it accepts good answers and says where bad ones are wrong.
@Suite struct OpenAPIValidatorTests {
    static let json = "application/json; charset=utf-8"
    let validator: OpenAPIValidator

    init() throws {
        validator = try OpenAPIValidator(document: OpenAPIDocument.json)
    }

    func problems(_ path: String, _ body: String, method: String = "GET", status: Int = 200,
                  contentType: String? = json) -> [String] {
        validator.problems(method: method, path: path, status: status, contentType: contentType, body: Data(body.utf8))
    }

    /// `body` with `old` replaced by `new`; `old` must be there, so a stale edit fails loudly.
    func edit(_ body: String, _ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(body.contains(old), "\(old) is not in the sample", sourceLocation: sourceLocation)
        return body.replacingOccurrences(of: old, with: new)
    }

    // MARK: The document

    /// Method, path, whether a bearer token is needed, and every documented status (413: any
    /// route, as the request middleware refuses large bodies before routing).
    static let routes: [(method: String, path: String, bearer: Bool, statuses: [Int])] = [
        ("GET", "/", false, [200, 413]),
        ("GET", "/healthz", false, [200, 413]),
        ("GET", "/readyz", false, [200, 413, 503]),
        ("GET", "/metrics", false, [200, 413]),
        ("GET", "/api/v1/openapi.json", false, [200, 413]),
        ("GET", "/api/v1/status", true, [200, 401, 403, 413]),
        ("GET", "/api/v1/summary", true, [200, 400, 401, 413]),
        ("GET", "/api/v1/map", true, [200, 400, 401, 403, 413]),
        ("GET", "/api/v1/sites", true, [200, 400, 401, 403, 413]),
        ("GET", "/api/v1/sites/{name}", true, [200, 401, 403, 404, 413]),
        ("GET", "/api/v1/tenants/{name}", true, [200, 401, 403, 404, 413]),
        ("GET", "/api/v1/services", true, [200, 400, 401, 403, 413]),
        ("GET", "/api/v1/placements", true, [200, 400, 401, 403, 413]),
        ("GET", "/api/v1/drift", true, [200, 400, 401, 403, 413]),
        ("GET", "/api/v1/rollouts", true, [200, 400, 401, 403, 413]),
        ("GET", "/api/v1/previews", true, [200, 401, 403, 413]),
        ("GET", "/api/v1/events", true, [200, 400, 401, 413]),
        ("POST", "/api/v1/reconcile", true, [202, 401, 403, 413]),
        ("POST", "/hooks/github", false, [200, 202, 400, 401, 413]),
    ]

    @Test func documentIsOpenAPI31() throws {
        #expect(validator.document["openapi"] as? String == "3.1.0")
        let servers = try #require(validator.document["servers"] as? [[String: Any]])
        #expect(servers.map { $0["url"] as? String } == ["/"])
        let bearer = try #require(validator.resolve("#/components/securitySchemes/bearerAuth") as? [String: Any])
        #expect(bearer["type"] as? String == "http" && bearer["scheme"] as? String == "bearer")
    }

    @Test func everyRouteIsDocumentedWithItsStatusesAndSecurity() throws {
        #expect(validator.pathTemplates == Self.routes.map(\.path).sorted())
        let fallback = validator.document["security"] as? [[String: Any]] ?? []
        for route in Self.routes {
            let pointer = "#/paths/\(route.path.replacingOccurrences(of: "/", with: "~1"))/\(route.method.lowercased())"
            let operation = try #require(validator.resolve(pointer) as? [String: Any], "\(pointer)")
            let responses = try #require(operation["responses"] as? [String: Any])
            #expect(responses.keys.sorted() == route.statuses.map(String.init), "\(route.method) \(route.path)")
            let security = operation["security"] as? [[String: Any]] ?? fallback
            #expect(security.contains { $0["bearerAuth"] != nil } == route.bearer, "\(route.method) \(route.path)")
        }
    }

    @Test func eventsQueryParameters() throws {
        let operation = try #require(validator.resolve("#/paths/~1api~1v1~1events/get") as? [String: Any])
        let parameters = try #require(operation["parameters"] as? [[String: Any]])
        let schemas = Dictionary(uniqueKeysWithValues: parameters.map {
            ($0["name"] as? String ?? "", $0["schema"] as? [String: Any] ?? [:])
        })
        #expect(parameters.allSatisfy { $0["in"] as? String == "query" })
        #expect(schemas["since"]?["type"] as? String == "integer" && schemas["since"]?["default"] as? Int == 0)
        let limit = try #require(schemas["limit"])
        #expect(limit["minimum"] as? Int == 1 && limit["maximum"] as? Int == 1000 && limit["default"] as? Int == 200)
    }

    /// One schema per type of APIModels.swift; every object names all its fields and forbids others.
    @Test func everyModelHasAClosedSchema() throws {
        let schemas = try #require(validator.resolve("#/components/schemas") as? [String: Any])
        let models = [
            "APIStatus", "APISite", "APISiteList", "APIGPUPool", "APITenant", "APIService", "APIServiceList",
            "APIPlacements", "APIDrift", "APIRollout", "APIRolloutList", "APIPreview", "APIPreviewList", "APIEvents",
            "APIReconcileRequested", "APIError", "APIListMeta", "APISummary", "APIMap",
        ]
        #expect(models.filter { schemas[$0] == nil } == [])
        for (name, schema) in schemas {
            guard let schema = schema as? [String: Any], schema["properties"] != nil else { continue }
            #expect(schema["type"] as? String == "object", "\(name)")
            #expect(schema["required"] is [String], "\(name)")
            #expect(OpenAPIValidator.JSONKind.of(schema["additionalProperties"] ?? true) == .boolean, "\(name)")
            #expect(schema["additionalProperties"] as? Bool == false, "\(name)")
        }
    }

    @Test func documentMistakesAreRefused() {
        func document(_ schema: String, response: String? = nil) -> String {
            let answer = response ?? #"{"description": "x", "content": {"application/json": {"schema": \#(schema)}}}"#
            return #"""
                {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                 "paths": {"/x": {"get": {"responses": {"200": \#(answer)}}}}}
                """#
        }
        let mistakes = [
            (document(#"{"type": "string", "pattern": "^a"}"#), #"does not check "pattern""#),
            (document(##"{"$ref": "#/components/schemas/Nope"}"##), "$ref #/components/schemas/Nope does not resolve"),
            (document(#"{"type": "string", "format": "uuid"}"#), "does not check format uuid"),
            (document(#"{"type": "object", "properties": {"a": {}}, "required": ["b"], "additionalProperties": false}"#),
             #"required "b" is not among"#),
            (document("", response: ##"{"$ref": "#/components/responses/Nope"}"##), "$ref does not resolve"),
            ("[1]", "not an object with `paths`"),
            ("{", "not JSON"),
        ]
        for (text, message) in mistakes {
            let error = #expect(throws: OpenAPIValidator.DocumentError.self) { try OpenAPIValidator(document: text) }
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error"): \(message)")
        }
        #expect(throws: Never.self) { try OpenAPIValidator(document: document(#"{"type": "string"}"#)) }
    }

    // MARK: Good answers

    @Test(arguments: OpenAPISamples.all) func goodAnswerConforms(_ sample: OpenAPISample) throws {
        let body = Data(sample.body.utf8)
        #expect(validator.problems(
            method: sample.method, path: sample.path, status: sample.status, contentType: sample.contentType, body: body) == [])
        if let roundTrip = sample.roundTrip {
            // The sample is what APIModels.swift encodes: decoding it as the model and encoding it again still conforms.
            let encoded = try roundTrip(body)
            #expect(validator.problems(
                method: sample.method, path: sample.path, status: sample.status, contentType: sample.contentType,
                body: encoded) == [], "\(String(decoding: encoded, as: UTF8.self))")
        }
    }

    @Test func theDocumentConformsToItsOwnRoute() {
        #expect(problems("/api/v1/openapi.json", OpenAPIDocument.json) == [])
        #expect(problems("/api/v1/openapi.json", #"{"openapi": "3.0.3", "info": {}, "paths": {}}"#)
            == [#"$.openapi: expected "3.1.0", got "3.0.3""#])
    }

    @Test func pathsMatchTemplatesAndIgnoreQueries() {
        #expect(validator.template(matching: "/api/v1/sites/fra-edge-1") == "/api/v1/sites/{name}")
        #expect(validator.template(matching: "/api/v1/sites") == "/api/v1/sites")
        #expect(validator.template(matching: "/api/v1/events?since=41&limit=10") == "/api/v1/events")
        #expect(validator.template(matching: "/") == "/")
        #expect(validator.template(matching: "/api/v1/sites/") == nil)
        #expect(validator.template(matching: "/api/v1/sites/a/b") == nil)
        #expect(problems("/api/v1/events?since=41", OpenAPISamples.events) == [])
    }

    /// A request the server accepted (2xx) used documented query parameters with values their
    /// schemas allow; a 400 is about a request that did not, so its query is not held against it.
    @Test func queryParametersOfAcceptedRequestsAreDocumented() {
        #expect(problems("/api/v1/services?limit=2&tenant=acme&site=fra-edge-1&condition=Ready&continue=abc", OpenAPISamples.services) == [])
        #expect(problems("/api/v1/services?tennant=acme", OpenAPISamples.services)
            == ["GET /api/v1/services?tennant=acme → 200: query parameter 'tennant' is not documented"])
        #expect(problems("/api/v1/services?limit=5001", OpenAPISamples.services).first?.contains("query.limit") == true)
        #expect(problems("/api/v1/services?condition=Bogus", OpenAPISamples.services).first?.contains("query.condition") == true)
        #expect(problems("/api/v1/sites?tier=edgy", OpenAPISamples.sites).first?.contains("query.tier") == true)
        #expect(problems("/api/v1/events?since=x", OpenAPISamples.events).first?.contains("query.since") == true)
        #expect(problems("/api/v1/services?tennant=acme", OpenAPISamples.error, status: 400) == [])
    }

    // MARK: Bad answers

    @Test func missingRequiredField() {
        let body = edit(OpenAPISamples.sites, #""capacity": 8, "inUse": 2}"#, #""capacity": 8}"#)
        #expect(problems("/api/v1/sites", body) == ["$.sites[1].gpus[0].inUse: required property is missing"])
        #expect(problems("/api/v1/sites/fra-edge-1", OpenAPISamples.site) == ["$.resources: required property is missing"])
    }

    @Test func extraField() {
        let body = edit(OpenAPISamples.sites, #""reachable": true"#, #""reachable": true, "gpuCount": 8"#)
        #expect(problems("/api/v1/sites", body) == ["$.sites[0].gpuCount: property not in the schema"])
        #expect(problems("/api/v1/reconcile", #"{"requested": true, "pass": 3}"#, method: "POST", status: 202)
            == ["$.pass: property not in the schema"])
    }

    @Test func wrongType() {
        let body = edit(OpenAPISamples.sites, #""capacity": 8, "inUse": 2"#, #""capacity": "8", "inUse": 2"#)
        #expect(problems("/api/v1/sites", body) == ["$.sites[1].gpus[0].capacity: expected integer, got string"])
        #expect(problems("/api/v1/sites", #"{"sites": {}, "metadata": {}}"#) == ["$.sites: expected array, got object"])
        #expect(problems("/api/v1/status", "[]") == ["$: expected object, got array"])
        #expect(problems("/api/v1/reconcile", "ok", method: "POST", status: 202) == ["$: the body is not JSON (ok)"])
    }

    @Test func booleansAndIntegersAreNotInterchangeable() {
        for flag in ["true", "false"] {
            #expect(problems("/api/v1/events", edit(OpenAPISamples.events, #""next": 42"#, #""next": \#(flag)"#))
                == ["$.next: expected integer, got boolean"])
        }
        for number in ["1", "0"] {
            #expect(problems("/api/v1/reconcile", #"{"requested": \#(number)}"#, method: "POST", status: 202)
                == ["$.requested: expected boolean, got integer"])
        }
        #expect(problems("/api/v1/events", edit(OpenAPISamples.events, #""next": 42"#, #""next": 42.5"#))
            == ["$.next: expected integer, got number"])
        #expect(problems("/api/v1/events", edit(OpenAPISamples.events, #""next": 42"#, #""next": 42.0"#)) == [])
    }

    @Test func jsonKindsTellBooleansFromNumbers() throws {
        typealias Kind = OpenAPIValidator.JSONKind
        let data = Data("[true, false, 1, 0, 1.5, 2.0, null]".utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        #expect(parsed.map(Kind.of) == [.boolean, .boolean, .integer, .integer, .number, .integer, .null])
        #expect([true as Any, 1 as Any, 0 as Any, 1.5 as Any, NSNumber(value: true), NSNumber(value: 0)].map(Kind.of)
            == [.boolean, .integer, .integer, .number, .boolean, .integer])
        #expect(!OpenAPIValidator.equal(true, 1) && OpenAPIValidator.equal(2, 2.0) && !OpenAPIValidator.equal("1", 1))
    }

    @Test func badEnumValue() {
        let body = edit(OpenAPISamples.sites, #""condition": "Ready""#, #""condition": "Healthy""#)
        #expect(problems("/api/v1/sites", body) == [
            #"$.sites[0].condition: "Healthy" is not one of "Ready", "Progressing", "Degraded", "Offline", "Stalled", "Unknown""#,
        ])
        let counts = edit(OpenAPISamples.status, #""sitesByCondition": {"Ready": 1"#, #""sitesByCondition": {"ready": 1"#)
        let prefix = #"$.counts.sitesByCondition.ready (name): "ready" is not one of"#
        #expect(problems("/api/v1/status", counts).first?.hasPrefix(prefix) == true)
    }

    @Test func badDate() {
        let body = edit(OpenAPISamples.events, #""at": "2026-03-01T12:00:05Z""#, #""at": "2026-03-01 12:00:05""#)
        #expect(problems("/api/v1/events", body) == [#"$.events[1].at: "2026-03-01 12:00:05" is not an RFC 3339 date-time"#])
    }

    @Test(arguments: ["2026-03-01T12:00:00Z", "2026-03-01T12:00:00.250Z", "2024-02-29T23:59:60+05:30", "2026-03-01t12:00:00z"])
    func goodDateTime(_ text: String) {
        #expect(OpenAPIValidator.isDateTime(text))
    }

    @Test(arguments: ["2026-03-01", "2026-03-01T12:00:00", "2026-03-01 12:00:00Z", "2026-02-29T12:00:00Z",
                      "2026-13-01T12:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T12:00:00.Z", "2026-03-01T12:00:00+0100",
                      "2026-03-01T12:00:00Z ", "yesterday"])
    func badDateTime(_ text: String) {
        #expect(!OpenAPIValidator.isDateTime(text))
    }

    @Test func nullIsNotAnAbsentOptional() {
        let body = edit(OpenAPISamples.rollouts, #""pullRequest": 42"#, #""pullRequest": null"#)
        #expect(problems("/api/v1/rollouts", body) == ["$.rollouts[0].pullRequest: expected integer, got null"])
    }

    @Test func rangesAndLengths() {
        let body = edit(OpenAPISamples.sites, #""lat": 50.11"#, #""lat": 95"#)
        #expect(problems("/api/v1/sites", body) == ["$.sites[0].location.lat: 95 is more than the maximum 90"])
        let many = (1 ... 21).map { "\"reason \($0)\"" }.joined(separator: ", ")
        let status = edit(OpenAPISamples.status, #""notConverged": ["fra-edge-1: Deployment/acme/chat failed"]"#,
                          #""notConverged": [\#(many)]"#)
        #expect(problems("/api/v1/status", status) == ["$.lastPass.notConverged: 21 items, more than the maximum 20"])
    }

    @Test func oneOfNeedsExactlyOneMatch() {
        let both = problems("/hooks/github", #"{"accepted": "push", "ignored": "push"}"#, method: "POST", status: 202)
        #expect(both.count == 1 && both.first?.hasPrefix("$: matches none of oneOf") == true, "\(both)")
    }

    @Test func unknownPathMethodOrStatus() {
        #expect(problems("/api/v1/nodes", "{}") == ["GET /api/v1/nodes → 200: no path of the document matches"])
        #expect(problems("/api/v1/sites/fra-edge-1", "{}", method: "DELETE")
            == ["DELETE /api/v1/sites/fra-edge-1 → 200: DELETE is not documented for /api/v1/sites/{name}"])
        #expect(problems("/api/v1/events", OpenAPISamples.error, status: 403) == [
            "GET /api/v1/events → 403: status 403 is not documented for GET /api/v1/events (documented: 200, 400, 401, 413)",
        ])
        let serverError = problems("/api/v1/status", OpenAPISamples.error, status: 500)
        #expect(serverError.first?.contains("status 500 is not documented") == true)
    }

    @Test func contentTypeIsTheDocumentedOne() {
        #expect(problems("/healthz", "ok", contentType: Self.json)
            == ["GET /healthz → 200: Content-Type application/json; charset=utf-8 is not documented (documented: text/plain)"])
        #expect(problems("/api/v1/status", OpenAPISamples.status, contentType: "text/plain")
            == ["GET /api/v1/status → 200: Content-Type text/plain is not documented (documented: application/json)"])
        #expect(problems("/api/v1/status", OpenAPISamples.status, contentType: nil)
            == ["GET /api/v1/status → 200: no Content-Type (documented: application/json)"])
        #expect(problems("/api/v1/status", OpenAPISamples.status, contentType: "Application/JSON") == [])
    }

    @Test func errorAnswersAreAPIError() {
        #expect(problems("/api/v1/tenants/acme", #"{"message": "no such tenant"}"#, status: 404)
            == ["$.error: required property is missing", "$.message: property not in the schema"])
        #expect(validator.problems(component: "APIError", body: Data(OpenAPISamples.error.utf8)) == [])
    }
}
