import Foundation
import GridGit
import GridModel
import GridReconciler
import GridTestSupport
@testable import GridServer
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

/// The JSON API through the router (no sockets), over a real converged controller: each route
/// with no token, a wrong tenant's token and the right one; lists filtered, not only items;
/// every response checked against the OpenAPI document.
@Suite struct APITests {
    static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/api/v1/status"), (.get, "/api/v1/summary"), (.get, "/api/v1/map?zoom=1"), (.get, "/api/v1/sites"), (.get, "/api/v1/sites/par-regional-1"),
        (.get, "/api/v1/tenants/netops"), (.get, "/api/v1/services"), (.get, "/api/v1/placements"), (.get, "/api/v1/drift"),
        (.get, "/api/v1/rollouts"), (.get, "/api/v1/previews"), (.get, "/api/v1/events?since=0"), (.post, "/api/v1/reconcile"),
    ]

    /// Expected status by route for: admin, netops (the right tenant), kabuto (a wrong tenant).
    static let expected: [String: (admin: Int, netops: Int, kabuto: Int)] = [
        "/api/v1/status": (200, 403, 403), "/api/v1/summary": (200, 200, 200), "/api/v1/map?zoom=1": (200, 403, 403),
        "/api/v1/sites": (200, 403, 403), "/api/v1/sites/par-regional-1": (200, 403, 403),
        "/api/v1/tenants/netops": (200, 200, 403), "/api/v1/services": (200, 200, 200), "/api/v1/placements": (200, 200, 200),
        "/api/v1/drift": (200, 200, 200), "/api/v1/rollouts": (200, 200, 200), "/api/v1/previews": (200, 403, 403),
        "/api/v1/events?since=0": (200, 200, 200), "/api/v1/reconcile": (202, 403, 403),
    ]

    let validator = try! OpenAPIValidator(document: OpenAPIDocument.json)

    func check(_ method: HTTPRequest.Method, _ path: String, _ response: TestResponse,
               sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let problems = validator.problems(method: method.rawValue, path: path, status: Int(response.status.code),
                                          contentType: response.headers[.contentType], body: Data(response.body.readableBytesView))
        #expect(problems.isEmpty, "\(method) \(path) \(response.status.code): \(problems.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test func everyRouteWithNoTokenAWrongTenantAndTheRightOne() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            for (method, path) in Self.routes {
                let expected = try #require(Self.expected[path])
                for (token, status) in [(nil, 401), ("not-a-token-at-all-0000", 401), (APIFixture.admin, expected.admin),
                                        (APIFixture.netops, expected.netops), (APIFixture.kabuto, expected.kabuto)] {
                    let response = try await client.execute(uri: path, method: method, headers: bearer(token))
                    #expect(Int(response.status.code) == status, "\(method) \(path) with \(token ?? "no token")")
                    check(method, path, response)
                    #expect(response.headers[.requestID] != nil)
                }
            }
            // Health, readiness and the document need no token.
            for path in ["/healthz", "/readyz", "/api/v1/openapi.json"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                check(.get, path, response)
            }
        }
    }

    @Test func listsAreFilteredToTheCallersTenant() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            func get(_ path: String, _ token: String) async throws -> [String: Any] {
                let response = try await client.execute(uri: path, method: .get, headers: bearer(token))
                return try #require(json(response.body) as? [String: Any])
            }
            func tenants(_ list: Any?) -> Set<String> {
                Set((list as? [[String: Any]] ?? []).compactMap { $0["tenant"] as? String })
            }
            let all = tenants(try await get("/api/v1/services", APIFixture.admin)["services"])
            #expect(all.count == 6)
            #expect(tenants(try await get("/api/v1/services", APIFixture.netops)["services"]) == ["netops"])
            #expect(tenants(try await get("/api/v1/placements", APIFixture.kabuto)["assignments"]) == ["kabuto-robotics"])
            // The drift made out of band is netops's: its token sees it, kabuto's does not.
            let drift = try await get("/api/v1/drift", APIFixture.netops)["items"] as? [[String: Any]] ?? []
            #expect(drift.contains { $0["resource"] as? String == "deployment/netops/care-chat" && $0["site"] as? String == "par-regional-1" })
            #expect((try await get("/api/v1/drift", APIFixture.kabuto)["items"] as? [Any])?.isEmpty == true)
            let events = try await get("/api/v1/events?since=0&limit=1000", APIFixture.kabuto)["events"] as? [[String: Any]] ?? []
            #expect(events.allSatisfy { ($0["resource"] as? String)?.contains("/kabuto-robotics/") == true })
        }
    }

    @Test func statusSitesAndTheSiteDetailSayWhatRuns() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            let status = try #require(json(try await client.execute(uri: "/api/v1/status", method: .get, headers: bearer(APIFixture.admin)).body) as? [String: Any])
            let revision = try #require(status["revision"] as? [String: Any])
            #expect(revision["sha"] as? String == (try f.repo.repository.resolveCommit("main")))
            #expect((status["counts"] as? [String: Any])?["sites"] as? Int == 18)
            #expect((status["counts"] as? [String: Any])?["driftedResources"] as? Int == 1)
            let site = try #require(json(try await client.execute(uri: "/api/v1/sites/par-regional-1", method: .get, headers: bearer(APIFixture.admin)).body) as? [String: Any])
            #expect((site["resources"] as? [[String: Any]])?.contains { $0["id"] as? String == "deployment/netops/care-chat" } == true)
            let missing = try await client.execute(uri: "/api/v1/sites/nowhere", method: .get, headers: bearer(APIFixture.admin))
            #expect(missing.status == .notFound)
            check(.get, "/api/v1/sites/nowhere", missing)
            let tenant = try await client.execute(uri: "/api/v1/tenants/nobody", method: .get, headers: bearer(APIFixture.admin))
            #expect(tenant.status == .notFound)
        }
    }

    @Test func badRequestsAreRefusedWithTheirReason() async throws {
        let f = try APIFixture()
        try await f.converge(drift: false)
        try await f.app().test(.router) { client in
            let bad = try await client.execute(uri: "/api/v1/events?since=abc", method: .get, headers: bearer(APIFixture.admin))
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("query parameter 'since'"))
            check(.get, "/api/v1/events?since=abc", bad)
            let huge = try await client.execute(uri: "/api/v1/reconcile", method: .post, headers: bearer(APIFixture.admin),
                                                body: ByteBuffer(repeating: 32, count: 1_048_577))
            #expect(huge.status == .contentTooLarge)
            check(.post, "/api/v1/reconcile", huge)
            let malformed = try await client.execute(uri: "/api/v1/status", method: .get, headers: [.authorization: "Basic abc"])
            #expect(malformed.status == .unauthorized)
        }
    }

    @Test func readyOnlyOnceTheFirstPassHasFinishedAndReconcileWakesTheDaemon() async throws {
        let f = try APIFixture()
        try await f.app().test(.router) { client in
            let early = try await client.execute(uri: "/readyz", method: .get)
            #expect(early.status == .serviceUnavailable)
            check(.get, "/readyz", early)
            try await f.converge(drift: false)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/reconcile", method: .post, headers: bearer(APIFixture.admin)).status == .accepted)
            // The poke ends a wait at once.
            let started = ContinuousClock.now
            try await f.wakeup.sleep(for: .seconds(30))
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    /// Real HTTP on loopback, port 0: the same answers as through the router.
    @Test func liveOnAnyFreePort() async throws {
        let f = try APIFixture()
        try await f.converge()
        let app = makeApplication(host: "127.0.0.1", port: 0, settings: try f.settings(), logger: Logger(label: "gridops-test"))
        try await app.test(.live) { client in
            let sites = try await client.execute(uri: "/api/v1/sites", method: .get, headers: bearer(APIFixture.admin))
            #expect(sites.status == .ok)
            check(.get, "/api/v1/sites", sites)
            #expect((json(sites.body) as? [String: Any])?["sites"].flatMap { $0 as? [Any] }?.count == 18)
            let refused = try await client.execute(uri: "/api/v1/sites", method: .get, headers: bearer(APIFixture.netops))
            #expect(refused.status == .forbidden)
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: page.body).contains("<svg"))
        }
    }

    @Test func withoutATokensFileEveryCallerIsAnAdmin() async throws {
        let f = try APIFixture()
        try await f.converge(drift: false)
        try await f.app(tokens: false).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/sites", method: .get)
            #expect(response.status == .ok)
        }
    }

    @Test func tokenFilesWithMistakesSayWhereAndNeverShowTheToken() {
        let cases: [(String, String)] = [
            ("abcdefghijklmnopqrstuvwxyz,ops", "tokens:1: expected TOKEN,NAME,SCOPE"),
            ("short,ops,admin", "tokens:1: the token of 'ops' is shorter than 16 characters"),
            ("abcdefghijklmnopqrstuvwxyz,ops,root", "tokens:1: scope must be 'admin' or 'tenant:<name>', found 'root'"),
            ("# only a comment\n", "tokens: no tokens"),
            ("abcdefghijklmnopqrstuvwxyz,a,admin\nabcdefghijklmnopqrstuvwxyz,b,admin", "tokens:2: the token of 'b' is given twice"),
        ]
        for (text, message) in cases {
            #expect {
                _ = try TokenTable(text: text, path: "tokens")
            } throws: { error in
                "\(error)".hasPrefix(message) && !"\(error)".contains("abcdefghij")
            }
        }
    }

    @Test func metricsAfterAPass() async throws {
        let f = try APIFixture()
        let registry = PrometheusCollectorRegistry()
        try await f.converge(metrics: GridMetrics(factory: PrometheusMetricsFactory(registry: registry)))
        var settings = try f.settings()
        settings.metrics = registry
        try await Application(router: makeRouter(settings)).test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            check(.get, "/metrics", response)
            let text = String(buffer: response.body)
            let sha = try f.repo.repository.resolveCommit("main")
            for line in ["gridops_reconcile_duration_seconds_bucket", #"gridops_reconcile_passes_total{result="#,
                         #"gridops_drifted_resources{type="Modified"} 1"#, #"gridops_sites{condition="Ready"}"#,
                         #"gridops_site_gpus{site="par-regional-1",model="#, #"state="in_use"}"#, "gridops_unplaced_replicas",
                         #"gridops_revision_info{revision="\#(sha)"} 1"#, #"gridops_rollouts{phase="Progressing"} 0"#,
                         #"gridops_actions_total{kind="deployment",verb="update",result="done"} 1"#] {
                #expect(text.contains(line), "\(line)")
            }
        }
    }
}
