import Foundation
@testable import GridServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `limit`, `continue` and the filters of the list routes, over a real converged controller:
/// pages walk a list in order without repeats or gaps, filters apply before paging, every bad
/// input is a 400 that names its parameter, and every answer conforms to the OpenAPI document.
@Suite struct ListPagingTests {
    let validator = try! OpenAPIValidator(document: OpenAPIDocument.json)

    /// GETs `path` as `token`, checks the answer against the document, and returns its status and JSON.
    func get(_ client: some TestClientProtocol, _ path: String, _ token: String = APIFixture.admin,
             sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> (status: Int, body: [String: Any]) {
        let response = try await client.execute(uri: path, method: .get, headers: bearer(token))
        let problems = validator.problems(method: "GET", path: path, status: Int(response.status.code),
                                          contentType: response.headers[.contentType], body: Data(response.body.readableBytesView))
        #expect(problems.isEmpty, "GET \(path): \(problems.prefix(5))", sourceLocation: sourceLocation)
        return (Int(response.status.code), json(response.body) as? [String: Any] ?? [:])
    }

    /// Every item of `list` at `path` (which has a `?`), walking pages of `limit` with `continue`.
    func walk(_ client: some TestClientProtocol, _ path: String, _ list: String, limit: Int,
              token: String = APIFixture.admin) async throws -> (items: [[String: Any]], pages: Int) {
        var items: [[String: Any]] = []
        var next: String?
        var pages = 0
        repeat {
            let url = path + (path.hasSuffix("?") ? "" : "&") + "limit=\(limit)" + (next.map { "&continue=\($0)" } ?? "")
            let (status, body) = try await get(client, url, token)
            #expect(status == 200, "\(url): \(body)")
            let page = body[list] as? [[String: Any]] ?? []
            let metadata = body["metadata"] as? [String: Any] ?? [:]
            #expect(page.count <= limit)
            next = metadata["continue"] as? String
            if let remaining = metadata["remainingItemCount"] as? Int {
                #expect(next != nil && remaining > 0 && page.count == limit, "\(url): a page with more after it is full")
            } else {
                #expect(next == nil, "\(url): no count, no token")
            }
            items += page
            pages += 1
        } while next != nil && pages < 100
        return (items, pages)
    }

    @Test func pagesWalkEachListInOrderWithoutRepeatsOrGaps() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            let name = { (s: [String: Any]) in "\(s["tenant"] as? String ?? "")/\(s["name"] as? String ?? "")" }
            let all = try await get(client, "/api/v1/services?limit=5000").body["services"] as? [[String: Any]] ?? []
            #expect(all.count == 9, "the bundled grid's services")
            let pairs = all.map { ($0["tenant"] as? String ?? "", $0["name"] as? String ?? "") }
            #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0 < $1 }, "by tenant, then name")
            let paged = try await walk(client, "/api/v1/services?", "services", limit: 4)
            #expect(paged.items.map(name) == all.map(name))
            #expect(paged.pages == (all.count + 3) / 4)

            let sites = try await walk(client, "/api/v1/sites?", "sites", limit: 5)
            #expect(sites.items.compactMap { $0["name"] as? String } == (sites.items.compactMap { $0["name"] as? String }).sorted())
            #expect(Set(sites.items.compactMap { $0["name"] as? String }).count == 18)
            #expect(sites.pages == 4)

            // Placements: assignments, then reservations, then unplaced, `limit` counting them together.
            let whole = try await get(client, "/api/v1/placements?limit=5000").body
            let count = ["assignments", "reservations", "unplaced"].reduce(0) { $0 + ((whole[$1] as? [Any])?.count ?? 0) }
            var seen = 0
            var next: String?
            var assignments: [String] = []
            repeat {
                let page = try await get(client, "/api/v1/placements?limit=7" + (next.map { "&continue=\($0)" } ?? "")).body
                let here = ["assignments", "reservations", "unplaced"].reduce(0) { $0 + ((page[$1] as? [Any])?.count ?? 0) }
                #expect(here <= 7)
                seen += here
                assignments += (page["assignments"] as? [[String: Any]] ?? []).map { "\($0["tenant"] ?? "")/\($0["service"] ?? "")/\($0["site"] ?? "")/\($0["gpuModel"] ?? "")/\($0["region"] ?? "")" }
                next = (page["metadata"] as? [String: Any])?["continue"] as? String
            } while next != nil
            #expect(seen == count)
            #expect(Set(assignments).count == assignments.count, "no assignment twice")
        }
    }

    @Test func filtersApplyBeforePaging() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            let all = try await get(client, "/api/v1/services?limit=5000").body["services"] as? [[String: Any]] ?? []
            let netops = try await walk(client, "/api/v1/services?tenant=netops", "services", limit: 2)
            #expect(!netops.items.isEmpty)
            #expect(netops.items.count == all.count { $0["tenant"] as? String == "netops" })
            #expect(netops.items.allSatisfy { $0["tenant"] as? String == "netops" })

            let atPar = try await walk(client, "/api/v1/services?site=par-regional-1", "services", limit: 3)
            let expected = all.filter { ($0["placement"] as? [[String: Any]] ?? []).contains { $0["site"] as? String == "par-regional-1" } }
            #expect(!expected.isEmpty)
            #expect(atPar.items.map { $0["name"] as? String } == expected.map { $0["name"] as? String })

            let ready = try await walk(client, "/api/v1/services?condition=Ready", "services", limit: 5)
            #expect(ready.items.count == all.count { $0["condition"] as? String == "Ready" })
            #expect(ready.items.allSatisfy { $0["condition"] as? String == "Ready" })

            let edge = try await walk(client, "/api/v1/sites?tier=edge", "sites", limit: 3)
            #expect(edge.items.count == 10 && edge.items.allSatisfy { $0["tier"] as? String == "edge" })
            let withNetops = try await get(client, "/api/v1/sites?tenant=netops").body["sites"] as? [[String: Any]] ?? []
            #expect(!withNetops.isEmpty && withNetops.allSatisfy { ($0["tenants"] as? [String])?.contains("netops") == true })

            let placed = try await get(client, "/api/v1/placements?site=par-regional-1").body
            let entries = (placed["assignments"] as? [[String: Any]] ?? []) + (placed["reservations"] as? [[String: Any]] ?? [])
            #expect(!entries.isEmpty && entries.allSatisfy { $0["site"] as? String == "par-regional-1" })
            #expect((placed["unplaced"] as? [Any])?.isEmpty == true, "unplaced replicas are at no site")

            let drift = try await get(client, "/api/v1/drift?site=par-regional-1&tenant=netops").body["items"] as? [[String: Any]] ?? []
            #expect(drift.map { $0["resource"] as? String } == ["deployment/netops/care-chat"])
            #expect((try await get(client, "/api/v1/drift?site=tyo-edge-1").body["items"] as? [Any])?.isEmpty == true)
        }
    }

    /// Each bad input, its status, and words the message must hold.
    static let badRequests: [(path: String, status: Int, message: String)] = [
        ("/api/v1/services?limit=0", 400, "'limit' must be an integer in 1...5000, found '0'"),
        ("/api/v1/services?limit=-3", 400, "'limit' must be an integer in 1...5000, found '-3'"),
        ("/api/v1/services?limit=ten", 400, "'limit' must be an integer in 1...5000, found 'ten'"),
        ("/api/v1/sites?limit=5001", 400, "'limit' must be an integer in 1...5000, found '5001'"),
        ("/api/v1/services?limit=", 400, "query parameter 'limit' is empty"),
        ("/api/v1/services?continue=not-a-token", 400, "'continue' is not a token this server gave"),
        ("/api/v1/services?continue=eyJ4IjoxfQ", 400, "'continue' is not a token this server gave"),
        ("/api/v1/services?condition=Bogus", 400, "'condition' must be one of Ready, Progressing, Degraded, Offline, Stalled, Unknown, found 'Bogus'"),
        ("/api/v1/sites?tier=edgy", 400, "'tier' must be one of factory, regional, edge, found 'edgy'"),
        ("/api/v1/rollouts?phase=Done", 400, "'phase' must be one of"),
        ("/api/v1/services?tennant=netops", 400, "unknown query parameter 'tennant': services takes limit, continue, tenant, site, condition"),
        ("/api/v1/placements?condition=Ready", 400, "unknown query parameter 'condition'"),
        ("/api/v1/services?tenant=netops&tenant=acme", 400, "query parameter 'tenant' is given twice"),
        ("/api/v1/drift?site=", 400, "query parameter 'site' is empty"),
        ("/api/v1/map?zoom=11", 400, "query parameter 'zoom' must be an integer in 0...10, found '11'"),
        ("/api/v1/map?bbox=1,2,3", 400, "query parameter 'bbox' must be west,south,east,north"),
        ("/api/v1/map?bbox=0,50,10,40", 400, "query parameter 'bbox' must be west,south,east,north"),
        ("/api/v1/map?scale=2", 400, "unknown query parameter 'scale'"),
        ("/api/v1/summary?tenant=netops", 400, "unknown query parameter 'tenant': summary takes none"),
        ("/api/v1/events?tail=0", 400, "query parameter 'tail' must be an integer in 1...1000, found '0'"),
    ]

    @Test func badInputsAreRefusedNamingTheParameter() async throws {
        let f = try APIFixture()
        try await f.converge(drift: false)
        try await f.app().test(.router) { client in
            for (path, status, message) in Self.badRequests {
                let (got, body) = try await get(client, path)
                #expect(got == status, "\(path)")
                #expect((body["error"] as? String)?.contains(message) == true, "\(path): \(body["error"] ?? "no error")")
            }
        }
    }

    @Test func aContinueTokenIsBoundToItsListAndFilters() async throws {
        let f = try APIFixture()
        try await f.converge(drift: false)
        try await f.app().test(.router) { client in
            let first = try await get(client, "/api/v1/services?tenant=netops&limit=1").body
            let token = try #require((first["metadata"] as? [String: Any])?["continue"] as? String)
            for path in ["/api/v1/sites?limit=1&continue=\(token)", "/api/v1/services?limit=1&continue=\(token)",
                         "/api/v1/services?tenant=acme&limit=1&continue=\(token)"] {
                let (status, body) = try await get(client, path)
                #expect(status == 400, "\(path)")
                #expect((body["error"] as? String)?.contains("'continue' was given for another list or other filters") == true, "\(path)")
            }
            let (status, body) = try await get(client, "/api/v1/services?tenant=netops&limit=1&continue=\(token)")
            #expect(status == 200)
            let names = [first, body].compactMap { ($0["services"] as? [[String: Any]])?.first?["name"] as? String }
            #expect(names.count == 2 && names[0] < names[1])
            // A different limit is still the same list: a client may change its page size.
            #expect(try await get(client, "/api/v1/services?tenant=netops&limit=50&continue=\(token)").status == 200)
        }
    }

    @Test func tenantTokensListTheirOwnAndAreRefusedOthers() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            let own = try await get(client, "/api/v1/services", APIFixture.netops).body["services"] as? [[String: Any]] ?? []
            #expect(!own.isEmpty && own.allSatisfy { $0["tenant"] as? String == "netops" })
            let named = try await get(client, "/api/v1/services?tenant=netops", APIFixture.netops).body["services"] as? [[String: Any]] ?? []
            #expect(named.count == own.count)
            for path in ["/api/v1/services?tenant=kabuto-robotics", "/api/v1/placements?tenant=kabuto-robotics",
                         "/api/v1/drift?tenant=kabuto-robotics", "/api/v1/rollouts?tenant=kabuto-robotics"] {
                let (status, body) = try await get(client, path, APIFixture.netops)
                #expect(status == 403, "\(path)")
                #expect(body["error"] as? String == "a tenant token cannot see tenant 'kabuto-robotics'", "\(path)")
            }
            #expect(try await get(client, "/api/v1/map", APIFixture.netops).status == 403)
            let summary = try await get(client, "/api/v1/summary", APIFixture.netops).body
            #expect(summary["sites"] == nil && summary["byTier"] == nil, "no site figures for a tenant")
            #expect((summary["tenants"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["netops"])
            #expect(summary["services"] as? Int == own.count)
        }
    }

    @Test func theSummaryAddsUpToTheLists() async throws {
        let f = try APIFixture()
        try await f.converge()
        try await f.app().test(.router) { client in
            let summary = try await get(client, "/api/v1/summary").body
            let services = try await get(client, "/api/v1/services?limit=5000").body["services"] as? [[String: Any]] ?? []
            let sites = try await get(client, "/api/v1/sites").body["sites"] as? [[String: Any]] ?? []
            let drift = try await get(client, "/api/v1/drift").body["items"] as? [Any] ?? []
            #expect(summary["services"] as? Int == services.count)
            #expect((summary["servicesByCondition"] as? [String: Int])?.values.reduce(0, +) == services.count)
            #expect(summary["placedReplicas"] as? Int == services.reduce(0) { $0 + ($1["placedReplicas"] as? Int ?? 0) })
            #expect(summary["driftedResources"] as? Int == drift.count && drift.count == 1)
            let capacity = sites.reduce(0) { $0 + (($1["gpus"] as? [[String: Any]]) ?? []).reduce(0) { $0 + ($1["capacity"] as? Int ?? 0) } }
            let total = try #require(summary["sites"] as? [String: Int])
            #expect(total["sites"] == 18 && total["capacity"] == capacity && capacity > 0)
            for group in ["byCondition", "byTier", "byRegion"] {
                let groups = try #require(summary[group] as? [String: [String: Int]], "\(group)")
                #expect(groups.values.reduce(0) { $0 + ($1["sites"] ?? 0) } == 18, "\(group)")
                #expect(groups.values.reduce(0) { $0 + ($1["capacity"] ?? 0) } == capacity, "\(group)")
            }
            #expect((summary["byTier"] as? [String: [String: Int]])?["edge"]?["sites"] == 10)
            let models = try #require(summary["byModel"] as? [String: [String: Int]])
            #expect(models.values.reduce(0) { $0 + ($1["capacity"] ?? 0) } == capacity)
            let tenants = try #require(summary["tenants"] as? [[String: Any]])
            #expect(tenants.count == 6 && summary["tenantCount"] as? Int == 6 && summary["otherTenants"] == nil)
            #expect(tenants.reduce(0) { $0 + ($1["placedReplicas"] as? Int ?? 0) } == summary["placedReplicas"] as? Int)
            let gpus = tenants.compactMap { $0["gpus"] as? Int }
            #expect(gpus == gpus.sorted(by: >), "most GPUs first")
        }
    }

    @Test func mapCellsHoldEverySiteOnceAtEveryZoom() async throws {
        let f = try APIFixture()
        try await f.converge(drift: false)
        try await f.app().test(.router) { client in
            let sites = try await get(client, "/api/v1/sites").body["sites"] as? [[String: Any]] ?? []
            var cellsByZoom: [Int] = []
            for zoom in 0...10 {
                let map = try await get(client, "/api/v1/map?zoom=\(zoom)").body
                let cells = map["cells"] as? [[String: Any]] ?? []
                #expect(map["sites"] as? Int == 18)
                #expect(cells.reduce(0) { $0 + ($1["sites"] as? Int ?? 0) } == 18, "zoom \(zoom)")
                for cell in cells {
                    let byCondition = cell["byCondition"] as? [String: Int] ?? [:]
                    #expect(byCondition.values.reduce(0, +) == cell["sites"] as? Int)
                    #expect((cell["site"] != nil) == (cell["sites"] as? Int == 1))
                }
                // Markers never overlap: no two are closer than a cell (positions are rounded to 0.01).
                let side = map["cellDegrees"] as? Double ?? 0
                #expect(side == 22.5 / Double(1 << zoom))
                let points = cells.map { ($0["lat"] as? Double ?? 0, $0["lon"] as? Double ?? 0) }
                for (i, a) in points.enumerated() {
                    for b in points[(i + 1)...] {
                        #expect(((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot() >= side - 0.015, "zoom \(zoom): \(a) \(b)")
                    }
                }
                cellsByZoom.append(cells.count)
            }
            #expect(cellsByZoom[0] < 18 && cellsByZoom[10] == 18, "zooming in parts the sites until each is alone: \(cellsByZoom)")
            // A box over Europe holds exactly the sites inside it.
            let inside = sites.filter { s in
                let l = s["location"] as? [String: Double] ?? [:]
                return (35.0...60.0).contains(l["lat"] ?? 0) && (-10.0...30.0).contains(l["lon"] ?? 0)
            }
            let map = try await get(client, "/api/v1/map?zoom=3&bbox=-10,35,30,60").body
            #expect(map["sites"] as? Int == inside.count && !inside.isEmpty)
            #expect((map["cells"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["sites"] as? Int ?? 0) } == inside.count)
        }
    }

    @Test func theSummaryFollowsTheLatestPass() async throws {
        let f = try APIFixture()
        try await f.converge(drift: false)
        try await f.app().test(.router) { client in
            #expect(try await get(client, "/api/v1/summary").body["driftedResources"] as? Int == 0)
            try await f.converge(drift: true)
            #expect(try await get(client, "/api/v1/summary").body["driftedResources"] as? Int == 1)
            #expect((try await get(client, "/api/v1/drift").body["items"] as? [Any])?.count == 1)
        }
    }

    /// Without `limit`, a page holds 500 items; the count of the rest and a token come with it.
    @Test func withoutALimitAPageHoldsFiveHundred() throws {
        let items = (0..<1234).map { String(format: "k%05d", $0) }
        let query = try ListQuery(parameters: [], list: "test", filters: [])
        let first = ListPage(items, keys: items, query: query)
        #expect(first.items.count == 500 && first.items.first == "k00000" && first.metadata.remainingItemCount == 734)
        let token = try #require(first.metadata.continue)
        let next = ListPage(items, keys: items, query: try ListQuery(parameters: [("continue", token)], list: "test", filters: []))
        #expect(next.items.first == "k00500" && next.metadata.remainingItemCount == 234)
        let odd = ListPage(items, keys: items, query: query, matches: { (Int($0.dropFirst()) ?? 0) % 2 == 1 })
        #expect(odd.items.count == 500 && odd.items.last == "k00999" && odd.metadata.remainingItemCount == 117)
    }
}
