import Foundation
import GridModel
import GridPlacement
import GridTestSupport
import Testing

/// Edge cases, each on a small grid written for it, with the exact reason a tenant reads.
@Suite struct PlacementEdgeCaseTests {
    func place(_ files: [String: String], observed: ObservedSnapshot = .empty) throws -> (Placement, ManifestSet) {
        let g = try grid(files)
        let placement = Placer.place(PlacementInput(grid: g, observed: observed))
        #expect(violations(of: placement, grid: g, observed: observed) == [])
        return (placement, g)
    }

    @Test func noCapacity() throws {
        let (p, _) = try place(smallGrid(sites: [site("a", lat: 48.9, lon: 2.4)], tenants: [tenant("acme")],
                                         services: [service("chat", tenant: "acme", replicas: 10)]))
        #expect(p.placedReplicas == 6)  // floor(0.75 * 8)
        #expect(p.unplaced.map(\.reason) == ["every candidate pool above 75% (1 pool with L4 within 40 ms of eu-west)"])
        #expect(p.unplaced.map(\.replicas) == [4])
    }

    @Test func everySiteInMaintenance() throws {
        let (p, _) = try place(smallGrid(
            sites: [site("a", lat: 48.9, lon: 2.4, extra: "  maintenance: true"), site("b", lat: 48.8, lon: 2.3, extra: "  maintenance: true")],
            tenants: [tenant("acme")], services: [service("chat", tenant: "acme", replicas: 2)]))
        #expect(p.placedReplicas == 0)
        #expect(p.unplaced.map(\.reason) == ["every site with L4 within 40 ms of eu-west is in maintenance, offline or does not host maas"])
    }

    @Test func anSLONoSiteCanMeet() throws {
        let (p, _) = try place(smallGrid(sites: [site("far", lat: 40.7, lon: -74)], tenants: [tenant("acme")],
                                         services: [service("chat", tenant: "acme", replicas: 2, slo: 5)]))
        #expect(p.unplaced.map(\.reason) == ["no site with L4 within 5 ms of eu-west"])
    }

    @Test func twoDedicatedTenantsContendForOnePool() throws {
        let (p, _) = try place(smallGrid(
            sites: [site("a", lat: 48.9, lon: 2.4)],
            tenants: [tenant("big", "priority: 20\n  isolation: dedicated"), tenant("small", "priority: 10\n  isolation: dedicated")],
            services: [service("x", tenant: "big", replicas: 2), service("y", tenant: "small", replicas: 2)]))
        #expect(p.assignments.map(\.tenant) == ["big"])
        #expect(p.unplaced.map { "\($0.tenant): \($0.reason)" } == [
            "small: every candidate pool is used by another tenant and tenant small is dedicated",
        ])
    }

    @Test func sharedTenantCannotJoinADedicatedPool() throws {
        let (p, _) = try place(smallGrid(
            sites: [site("a", lat: 48.9, lon: 2.4)],
            tenants: [tenant("big", "priority: 20\n  isolation: dedicated"), tenant("other", "priority: 10")],
            services: [service("x", tenant: "big", replicas: 1), service("y", tenant: "other", replicas: 1)]))
        #expect(p.unplaced.map(\.reason) == ["every candidate pool is held by a dedicated tenant"])
    }

    @Test func quotaExhausted() throws {
        let (p, _) = try place(smallGrid(
            sites: [site("a", lat: 48.9, lon: 2.4)],
            tenants: [tenant("acme", "quota: {gpus: {L4: 2}}")],
            services: [service("chat", tenant: "acme", replicas: 4)]))
        #expect(p.placedReplicas == 2)
        #expect(p.unplaced.map(\.reason) == ["tenant quota for L4 used up (2 of 2)"])
    }

    @Test func sovereignTenantUsesOnlySovereignSites() throws {
        let files = smallGrid(
            sites: [site("plain", lat: 48.9, lon: 2.4), site("sov", lat: 48.7, lon: 2.2, extra: "  sovereign: true")],
            tenants: [tenant("gov", "compliance: {jurisdictions: [EU], sovereign: true}")],
            services: [service("chat", tenant: "gov", replicas: 3)])
        let (p, _) = try place(files)
        #expect(Set(p.assignments.map(\.site)) == ["sov"])
        var none = files
        none["manifests/sites/s1.yaml"] = "apiVersion: gridops/v1alpha1\nkind: Site\n" + site("sov", lat: 48.7, lon: 2.2)
        let (q, _) = try place(none)
        #expect(q.unplaced.map(\.reason) == ["no site with L4 within 40 ms of eu-west in an EU jurisdiction that is sovereign"])
    }

    @Test func compliancePolicyDenyAndWarn() throws {
        let policy = { (enforcement: String) in
            """
            apiVersion: gridops/v1alpha1
            kind: CompliancePolicy
            metadata: {name: no-partner}
            spec:
              match: {tenants: [acme]}
              deny: {siteLabels: {provider: partner-x}}
              enforcement: \(enforcement)

            """
        }
        let sites = [site("partner", lat: 48.9, lon: 2.4, gpus: "[{model: L4, count: 8, memoryGiB: 24, costPerHour: 0.5}]")
                        .replacingOccurrences(of: "metadata: {name: partner}", with: "metadata: {name: partner, labels: {provider: partner-x}}"),
                     site("own", lat: 48.9, lon: 2.4, gpus: "[{model: L4, count: 8, memoryGiB: 24, costPerHour: 2.0}]")]
        let base = { (enforcement: String) in
            smallGrid(sites: sites, tenants: [tenant("acme")], services: [service("chat", tenant: "acme", replicas: 2)],
                      extra: ["policies/no-partner.yaml": policy(enforcement)])
        }
        let (denied, _) = try place(base("deny"))
        #expect(Set(denied.assignments.map(\.site)) == ["own"])
        let (warned, grid) = try place(base("warn"))
        #expect(Set(warned.assignments.map(\.site)) == ["partner"])  // cheaper, and warn does not bind
        #expect(Placer.complianceFindings(grid, warned) == [
            ComplianceFinding(policy: "no-partner", tenant: "acme", service: "chat", site: "partner",
                              reason: "the site's labels are denied (provider=partner-x)"),
        ], "placed, and reported")
        #expect(Placer.complianceFindings(grid, denied).isEmpty)
    }

    @Test func clustersAreReservedFirstAndCountInPools() throws {
        let files = smallGrid(
            sites: [site("fac", lat: 48.9, lon: 2.4, tier: "regional",
                         gpus: "[{model: L4, count: 16, memoryGiB: 24, costPerHour: 1.0}]")
                        .replacingOccurrences(of: "services: [maas]", with: "services: [maas, kubernetes]")],
            tenants: [tenant("acme")], services: [service("chat", tenant: "acme", replicas: 10)],
            extra: ["manifests/tenants/acme/k.yaml": """
                apiVersion: gridops/v1alpha1
                kind: KubernetesCluster
                metadata: {name: k, tenant: acme}
                spec:
                  version: "1.31"
                  site: fac
                  nodePools: [{name: gpu, nodes: 1, gpu: {model: L4, perNode: 8}}]

                """])
        let (p, _) = try place(files)
        #expect(p.reservations.map { "\($0.name)@\($0.site) \($0.gpus)" } == ["k@fac 8"])
        #expect(p.placedReplicas == 4)  // floor(0.75 * 16) = 12, minus the 8 reserved
    }
}
