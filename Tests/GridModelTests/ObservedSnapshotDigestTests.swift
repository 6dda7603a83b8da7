import GridModel
import Testing

@Suite struct ObservedSnapshotDigestTests {
    @Test func equalSnapshotsHaveEqualDigestsAndAnyChangeShows() {
        let snapshot = ObservedSnapshot(pools: [.init(site: "fra", gpuModel: "L4", used: 2)],
                                        latencies: [.init(region: "eu", site: "fra", rttMs: 3.25)], offline: ["par"])
        #expect(snapshot.digest == ObservedSnapshot(pools: snapshot.pools, latencies: snapshot.latencies, offline: ["par"]).digest)
        #expect(snapshot.digest.count == 64)
        var variants: [ObservedSnapshot] = [.empty]
        var v = snapshot
        v.pools[0].used = 3
        variants.append(v)
        v = snapshot
        v.latencies[0].rttMs = 3.2500000000000004  // one bit apart
        variants.append(v)
        v = snapshot
        v.offline = []
        variants.append(v)
        v = snapshot
        v.latencies[0].region = "us"
        variants.append(v)
        let digests = Set(([snapshot] + variants).map(\.digest))
        #expect(digests.count == variants.count + 1)
    }
}
