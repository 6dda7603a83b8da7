public import ArgumentParser
import Foundation
import GridDrivers
import GridManifests
public import GridModel
import GridReconciler
import GridStore

/// Where the controller keeps its memory and the simulated world.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("State folder: the store (gridops.sqlite) and the simulated world (world.sqlite).",
                               valueName: "dir"))
    var state: String = ".gridops"

    var worldPath: String { (state as NSString).appendingPathComponent("world.sqlite") }

    func openStore() throws -> GridStore {
        try opening { try GridStore(directory: state) }
    }

    func openWorld() throws -> SimulatedWorld {
        try opening {
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            return try SimulatedWorld(path: worldPath)
        }
    }

    /// Takes the state folder for this process (apply, serve): exit 2 when another holds it.
    func lock() throws -> StateLock {
        try opening { try StateLock(directory: state) }
    }

    /// Opens something in the state folder; exit 2 with the reason when it cannot be.
    private func opening<T>(_ body: () throws -> T) throws -> T {
        NewStateFolders.shared.note(state)
        return try exitingOnReadFailure {
            do {
                return try body()
            } catch {
                throw CannotRead(message: "\(error)")
            }
        }
    }

    func openReconciler(_ observing: ObserveOptions) throws -> (GridStore, Reconciler) {
        let config = try observing.driverConfig()
        let store = try openStore()
        var options = ReconcilerOptions()
        options.maxObserving = observing.maxObserving ?? ReconcilerOptions.defaultMaxObserving
        let drivers = DriverRegistry(world: try openWorld(), config: config, catalog: .standard, stateDirectory: state)
        return (store, Reconciler(store: store, drivers: drivers, options: options))
    }
}

/// How the controller reaches and observes its sites: the drivers file, and how many sites
/// a pass observes at once.
struct ObserveOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Drivers file (YAML): how this controller reaches its sites of transport local (docs/controller.md).",
        valueName: "file"))
    var drivers: String?

    @Option(help: ArgumentHelp(
        "Sites observed at once (default: a quarter of the open-file limit, between 64 and 4096).",
        valueName: "n"))
    var maxObserving: Int?

    func validate() throws {
        if let maxObserving, maxObserving < 1 {
            throw ValidationError("--max-observing must be at least 1, found \(maxObserving)")
        }
    }

    /// The drivers file, checked against the backends this gridops has. Every problem is
    /// printed with its file, line and column; any error exits 1 before anything is touched.
    func driverConfig(catalog: BackendCatalog = .standard) throws -> DriverConfig {
        guard let drivers else { return DriverConfig() }
        guard FileManager.default.fileExists(atPath: drivers) else {
            printError("gridops: error: the drivers file \(drivers) does not exist")
            throw ExitCode.unreadable
        }
        let (config, diagnostics) = DriverConfigLoader.load(path: drivers, schemas: catalog.schemas)
        for d in diagnostics { printError(d.description) }
        guard let config else {
            printError("gridops: error: the drivers file \(drivers) has \(diagnostics.errorCount) error(s): nothing was done")
            throw ExitCode.invalid
        }
        return config
    }
}

/// A commit of a repository, for the commands that act on the grid.
struct RevisionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Path of the git repository (bare or not).", valueName: "path"))
    var repo: String = "."

    @Option(name: .long, help: ArgumentHelp("Revision to use: branch, tag, sha, HEAD~1, ...", valueName: "rev"))
    var rev: String = "HEAD"

    var reader: GitRevisions { GitRevisions(repository: repo, revision: rev) }
}

/// Durations on the command line are written as in manifests: `500ms`, `90s`, `5m`; a bad
/// one is a usage error (exit 64) that ArgumentParser reports with the option's name.
extension GridModel.Duration: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Runs a controller step, turning read failures (repository, store) into exit 2.
func controllerStep<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SourceError {
        printError("gridops: error: \(error.message)")
        throw ExitCode.unreadable
    } catch let error as StoreError {
        printError("gridops: error: \(error.description)")
        throw ExitCode.unreadable
    } catch let error as WorldError {
        printError("gridops: error: \(error.description)")
        throw error.notFound ? ExitCode.refused : ExitCode.unreadable
    }
}

/// State folders this process created. A command that fails (exit 1, 2, 4, 64: `apply`
/// outside a repository, `drift` of a state never applied) removes them again, so it leaves
/// no new `.gridops/` behind, unless a site received a call: then the state knows what runs
/// there and stays.
final class NewStateFolders: @unchecked Sendable {
    static let shared = NewStateFolders()
    private let lock = NSLock()
    private var paths: [String] = []

    /// Notes `path` when it does not exist yet (it is about to be created).
    func note(_ path: String) {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        lock.withLock { if !paths.contains(path) { paths.append(path) } }
    }

    func removeAll() {
        for path in lock.withLock({ paths }) {
            let world = (path as NSString).appendingPathComponent("world.sqlite")
            if FileManager.default.fileExists(atPath: world),
               (try? SimulatedWorld(path: world).calls(limit: 1))?.isEmpty == false { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
