import Foundation
import GridDrivers
import GridModel
import GridTestSupport

/// A simulated world in `folder` with edge sites of eight H100s each, for the world's tests.
func makeWorld(in folder: TemporaryDirectory, _ name: String = "world", sites: [String] = ["s1", "s2"]) throws -> SimulatedWorld {
    let world = try SimulatedWorld(path: folder.path + "/\(name).sqlite")
    try world.ensure(sites: sites.map { name in
        Site(metadata: Metadata(name: name, source: SourceLocation(path: "\(name).yaml")), tier: .edge,
             region: Ref("eu", at: SourceLocation(path: "\(name).yaml")), location: GeoPoint(lat: 0, lon: 0),
             jurisdiction: "EU", gpus: [GPUPool(model: "H100", count: 8, memoryGiB: 80, costPerHour: 2)])
    })
    return world
}

/// The simulated transport of any site of `world`, as the registry makes it (the world as
/// the one backend), chosen by the `site` of each call: the world's tests call many sites.
struct SimulatedSiteDriver: SiteDriver {
    let world: SimulatedWorld

    private func transport(_ site: String) throws(DriverError) -> LocalTransport {
        try LocalTransport(site: site, backends: [(SimulatedBackend(world: world, site: site), nil)])
    }

    func observe(site: String) async throws(DriverError) -> SiteObservation {
        try await transport(site).observe(site: site)
    }

    func apply(_ action: SiteAction, site: String, key: String) async throws(DriverError) {
        try await transport(site).apply(action, site: site, key: key)
    }
}
