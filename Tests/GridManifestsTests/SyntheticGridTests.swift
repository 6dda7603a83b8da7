import GridManifests
import GridModel
import GridTestSupport
import Testing

@Suite struct SyntheticGridTests {
    func load(_ options: SyntheticGrid.Options, workers: Int = 2) throws -> LoadResult {
        let files = SyntheticGrid.files(options)
        return try ManifestLoader.load(InMemorySource(Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })), workers: workers)
    }

    @Test(arguments: [(1, 0, 1), (2, 1, 2), (3, 1, 3), (12, 20, 1), (80, 150, 4), (300, 1500, 9)])
    func generatedGridsAreValid(sites: Int, services: Int, seed: UInt64) throws {
        let result = try load(.init(sites: sites, services: services, seed: seed))
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(result.manifests.sites.count == sites)
        let placed = result.manifests.modelServices.count + result.manifests.kubernetesClusters.count + result.manifests.slurmClusters.count
        #expect(placed == services)
    }

    @Test func largeGridHasEveryTierKindAndComplianceMix() throws {
        let result = try load(.init(sites: 1000, services: 3000, tenants: 40, seed: 5))
        #expect(result.isValid)
        let m = result.manifests
        #expect(Set(m.sites.map(\.tier)) == Set(Tier.allCases))
        #expect(Set(m.sites.map(\.jurisdiction)).count >= 5)
        #expect(m.sites.contains { $0.sovereign } && m.sites.contains { $0.maintenance })
        #expect(m.tenants.count == 40)
        #expect(m.tenants.contains { $0.isolation == .dedicated } && m.tenants.contains { $0.compliance?.sovereign == true })
        #expect(!m.kubernetesClusters.isEmpty && !m.slurmClusters.isEmpty && !m.networkQoS.isEmpty)
        #expect(Set(m.placementPolicies.map(\.workloadClass)) == ["interactive", "batch"])
    }

    @Test func deterministicPerSeedAndDifferentAcrossSeeds() {
        let a = SyntheticGrid.files(.init(sites: 200, services: 600, seed: 11))
        let b = SyntheticGrid.files(.init(sites: 200, services: 600, seed: 11))
        let c = SyntheticGrid.files(.init(sites: 200, services: 600, seed: 12))
        #expect(a == b)
        #expect(a != c)
        #expect(a.map(\.path) == a.map(\.path).sorted())
    }

    @Test func oneWorkerAndTwoWorkersAgree() throws {
        let options = SyntheticGrid.Options(sites: 150, services: 700, seed: 3)
        let one = try load(options, workers: 1)
        let two = try load(options, workers: 2)
        #expect(one.manifests == two.manifests)
        #expect(one.diagnostics == two.diagnostics)
    }
}
