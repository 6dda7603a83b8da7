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
