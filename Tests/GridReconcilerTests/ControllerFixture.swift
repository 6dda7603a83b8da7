import Foundation
import GridDrivers
import GridModel
import GridReconciler
import GridStore
import GridTestSupport

/// A real controller on real parts: a libgit2 repository holding the bundled grid, the
/// store and the simulated world on disk in a temporary state folder.
final class ControllerFixture: @unchecked Sendable {
    let repo: TestRepository
    let state = TemporaryDirectory("gridops-state")
    var files: [String: String]
    let store: GridStore
    let world: SimulatedWorld
    private(set) var reconciler: Reconciler
    let catalog: BackendCatalog
    let driverConfig: DriverConfig

    /// - Parameters: catalog, driverConfig: the backends and drivers file of sites of
    ///   transport local (none by default: every bundled site is simulated).
    init(files: [String: String]? = nil, catalog: BackendCatalog = .standard, driverConfig: DriverConfig = DriverConfig()) throws {
        repo = try TestRepository()
        self.files = try files ?? Fixtures.bundledGrid()
        try repo.commit(self.files, message: "initial grid")
        store = try GridStore(directory: state.path)
        world = try SimulatedWorld(path: state.path + "/world.sqlite")
        self.catalog = catalog
        self.driverConfig = driverConfig
        reconciler = Self.makeReconciler(store, world, catalog: catalog, config: driverConfig, state: state.path)
    }

    static func makeReconciler(_ store: GridStore, _ world: SimulatedWorld, catalog: BackendCatalog = .standard,
                               config: DriverConfig = DriverConfig(), state: String? = nil) -> Reconciler {
        var options = ReconcilerOptions()
        options.backoff = .milliseconds(1)
        options.maxBackoff = .milliseconds(5)
        let drivers = DriverRegistry(world: world, config: config, catalog: catalog, stateDirectory: state)
        return Reconciler(store: store, drivers: drivers, options: options)
    }

    /// A new reconciler on the same store and world: what a restart sees.
    func restart() {
        reconciler = Self.makeReconciler(store, world, catalog: catalog, config: driverConfig, state: state.path)
    }

    /// Changes files (nil deletes) and commits the whole tree.
    @discardableResult
    func commit(_ changes: [String: String?], message: String = "change") throws -> String {
        for (path, content) in changes { files[path] = content }
        return try repo.commit(files, message: message)
    }

    /// Replaces `old` with `new` in one file and commits.
    @discardableResult
    func edit(_ path: String, _ old: String, _ new: String) throws -> String {
        guard let text = files[path], text.contains(old) else { throw SourceErrorForTests("\(path) has no '\(old)'") }
        return try commit([path: text.replacingOccurrences(of: old, with: new)], message: "edit \(path)")
    }

    func pass() async throws -> PassReport {
        try await reconciler.pass(GitRevisions(repository: repo.path, revision: "main"))
    }

    /// Passes until converged; the reports of every pass.
    func converge(maxPasses: Int = 20) async throws -> [PassReport] {
        var reports: [PassReport] = []
        for _ in 0..<maxPasses {
            reports.append(try await pass())
            if reports.last!.converged { return reports }
        }
        throw SourceErrorForTests("not converged after \(maxPasses) passes: \(reports.last!.whyNotConverged)")
    }

    /// What the world runs: "site resource" → spec hash, managed resources only.
    func worldState() throws -> [String: String] {
        var out: [String: String] = [:]
        for (site, r) in try world.resources(site: nil) where r.managed { out["\(site) \(r.id)"] = r.specHash }
        return out
    }
}
