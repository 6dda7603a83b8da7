import Dispatch
import Foundation
public import GridModel
import GRDB

/// The simulated sites, persisted in their own SQLite file (`STATE/world.sqlite`): the world
/// is not the controller's memory. Each site has GPU pools, runs what was applied to it,
/// answers with configurable latency, failure rate and partial failure, and records every
/// mutating call it receives, so a duplicate create shows.
public final class SimulatedWorld: Sendable {
    let db: DatabasePool
    public let path: String
    let faultCache = FaultCache()
    let snapshots = SnapshotCache()
    /// The world's version as last read, for observes that need no read at all.
    let worldVersion = WorldVersion()
    let draws: FaultDraws

    /// Opens (creating when absent) the world at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            db = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(db)
            draws = FaultDraws(seed: try Self.loadSeed(db))
        } catch {
            throw WorldError("cannot open the simulated world at \(path): \(error)")
        }
        self.path = path
        WorldVersion.register(worldVersion, path: path)
    }

    /// Migrations are never edited once shipped; a change is a new migration.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE site (
                    name TEXT PRIMARY KEY NOT NULL,
                    online INTEGER NOT NULL DEFAULT 1,
                    failRate REAL NOT NULL DEFAULT 0,
                    partialRate REAL NOT NULL DEFAULT 0,
                    latencyMs INTEGER NOT NULL DEFAULT 0,
                    capacity TEXT NOT NULL DEFAULT '{}',
                    foreignGPUs TEXT NOT NULL DEFAULT '{}'
                ) WITHOUT ROWID;
                CREATE TABLE resource (
                    site TEXT NOT NULL,
                    id TEXT NOT NULL,
                    spec TEXT NOT NULL,
                    specHash TEXT NOT NULL,
                    managed INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    PRIMARY KEY (site, id)
                ) WITHOUT ROWID;
                CREATE TABLE call (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    site TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    verb TEXT NOT NULL,
                    specHash TEXT NOT NULL,
                    key TEXT NOT NULL,
                    effect TEXT NOT NULL
                );
                CREATE INDEX call_by_resource ON call (site, resource, seq);
                """)
        }
        // The health model: deployments of these model versions report failed.
        m.registerMigration("v2-health") { db in
            try db.execute(sql: "ALTER TABLE site ADD COLUMN unhealthyVersions TEXT NOT NULL DEFAULT '[]'")
        }
        // A version per site, bumped by every change to what it runs or to its faults, by
        // whichever process makes it (`gridops sim` writes too): an observe reads it first and
        // answers from its last snapshot when it has not moved.
        m.registerMigration("v3-site-version") { db in
            try db.execute(sql: """
                ALTER TABLE site ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                CREATE TRIGGER resource_inserted AFTER INSERT ON resource
                    BEGIN UPDATE site SET version = version + 1 WHERE name = NEW.site; END;
                CREATE TRIGGER resource_updated AFTER UPDATE ON resource
                    BEGIN UPDATE site SET version = version + 1 WHERE name IN (OLD.site, NEW.site); END;
                CREATE TRIGGER resource_deleted AFTER DELETE ON resource
                    BEGIN UPDATE site SET version = version + 1 WHERE name = OLD.site; END;
                CREATE TRIGGER site_changed
                    AFTER UPDATE OF online, failRate, partialRate, latencyMs, capacity, foreignGPUs, unhealthyVersions ON site
                    BEGIN UPDATE site SET version = version + 1 WHERE name = NEW.name; END;
                """)
        }
        // The seed every injected fault is drawn from (SimulatedWorld+Seed.swift).
        m.registerMigration("v4-seed") { db in
            try db.execute(sql: "CREATE TABLE world (id INTEGER PRIMARY KEY CHECK (id = 1), seed INTEGER NOT NULL)")
        }
        // A version of the whole world, bumped with every site's: an observe that finds it
        // unchanged since its site's last snapshot answers without reading the site.
        m.registerMigration("v5-world-version") { db in
            try db.execute(sql: """
                ALTER TABLE world ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                CREATE TRIGGER world_site_changed AFTER UPDATE OF version ON site
                    BEGIN UPDATE world SET version = version + 1 WHERE id = 1; END;
                CREATE TRIGGER world_site_added AFTER INSERT ON site
                    BEGIN UPDATE world SET version = version + 1 WHERE id = 1; END;
                CREATE TRIGGER world_site_removed AFTER DELETE ON site
                    BEGIN UPDATE world SET version = version + 1 WHERE id = 1; END;
                """)
        }
        return m
    }

    /// Makes the world hold every declared simulated site with its GPU pools. Writes only
    /// what changed; faults and resources already there are kept.
    public func ensure(sites: [Site]) throws {
        let wanted = sites.filter { $0.driver.transport == .simulated }
        try write { db in
            var known: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, capacity FROM site") {
                known[row["name"]] = row["capacity"]
            }
            for site in wanted {
                var capacity: [String: Int] = [:]
                for pool in site.gpus { capacity[pool.model, default: 0] += pool.count }
                let json = encodeJSON(capacity)
                switch known[site.metadata.name] {
                case json: continue
                case nil:
                    try db.execute(sql: "INSERT INTO site (name, capacity) VALUES (?, ?)",
                                   arguments: [site.metadata.name, json])
                default:
                    try db.execute(sql: "UPDATE site SET capacity = ? WHERE name = ?",
                                   arguments: [json, site.metadata.name])
                }
            }
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        defer { WorldVersion.changed(path: path) }
        do {
            return try db.write(body)
        } catch let error as WorldError {
            throw error
        } catch {
            throw WorldError("simulated world \(path): \(error)")
        }
    }

    /// A write that suspends, rather than blocks, while the writer is busy: many sites'
    /// driver calls wait on it at once.
    func writeAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { WorldVersion.changed(path: path) }
        do {
            return try await db.write(body)
        } catch {
            throw WorldError("simulated world \(path): \(error)")
        }
    }

    /// A read that suspends on GRDB's reader queue instead of blocking a thread of Swift's
    /// cooperative pool: every driver call of a pass reads the world.
    func readAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await db.read(body)
        } catch {
            throw WorldError("simulated world \(path): \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try db.read(body)
        } catch let error as WorldError {
            throw error
        } catch {
            throw WorldError("simulated world \(path): \(error)")
        }
    }
}

/// A problem with the simulated world itself (not a simulated fault).
public struct WorldError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// What was named (a site, a resource at a site, a field) does not exist: the world
    /// itself is fine.
    public var notFound: Bool

    public init(_ description: String, notFound: Bool = false) {
        self.description = description
        self.notFound = notFound
    }
}

func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
}

func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
    try? JSONDecoder().decode(type, from: Data(text.utf8))
}

/// The last snapshot read per site, with the site's and the world's version then. Read in
/// the same transaction as the versions, so an entry is what the site held at them.
final class SnapshotCache: @unchecked Sendable {
    typealias Snapshot = (faults: SimulatedWorld.Faults, observation: BackendObservation)
    private let lock = NSLock()
    private var entries: [String: (version: Int64, world: Int64, snapshot: Snapshot)] = [:]

    func get(_ site: String, version: Int64) -> Snapshot? {
        lock.withLock { entries[site].flatMap { $0.version == version ? $0.snapshot : nil } }
    }

    /// The entry when it was read at world version `world` (so nothing at all has changed since).
    func get(_ site: String, world: Int64) -> Snapshot? {
        lock.withLock { entries[site].flatMap { $0.world == world ? $0.snapshot : nil } }
    }

    func put(_ site: String, version: Int64, world: Int64, _ snapshot: Snapshot) {
        lock.withLock { entries[site] = (version, world, snapshot) }
    }
}

/// The world's version as last read, trusted for a quarter of a second: within it an observe
/// whose site snapshot was taken at that version answers from memory, without a read. A
/// write through any world object of this process on the same file forgets it at once, so
/// this process always sees its own changes; another process's (`gridops sim`) are seen
/// within the quarter second.
final class WorldVersion: @unchecked Sendable {
    static let freshness: UInt64 = 250_000_000
    private let lock = NSLock()
    private var known: (version: Int64, readAt: UInt64)?
    /// Reads that started before this are older than a write: not noted.
    private var changedAt: UInt64 = 0

    /// The version, when read recently enough.
    func fresh() -> Int64? {
        let now = DispatchTime.now().uptimeNanoseconds
        return lock.withLock { known.flatMap { $0.readAt + Self.freshness > now ? $0.version : nil } }
    }

    /// A version read in a transaction that started at `readAt`.
    func note(_ version: Int64, readAt: UInt64) {
        lock.withLock {
            guard readAt > changedAt, readAt >= known?.readAt ?? 0 else { return }
            known = (version, readAt)
        }
    }

    func forget() {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock {
            known = nil
            changedAt = now
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var byPath: [String: [Weak]] = [:]

    private struct Weak {
        weak var version: WorldVersion?
    }

    static func register(_ version: WorldVersion, path: String) {
        lock.withLock {
            byPath[path, default: []].removeAll { $0.version == nil }
            byPath[path, default: []].append(Weak(version: version))
        }
    }

    /// Every world object of this process on `path` forgets its version.
    static func changed(path: String) {
        let all = lock.withLock { byPath[path] ?? [] }
        for w in all { w.version?.forget() }
    }
}

/// Faults by site, each kept for a second.
final class FaultCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (faults: SimulatedWorld.Faults, at: UInt64)] = [:]
    private static let lifetime: UInt64 = 1_000_000_000

    func get(_ site: String) -> SimulatedWorld.Faults? {
        let now = DispatchTime.now().uptimeNanoseconds
        return lock.withLock {
            guard let e = entries[site], e.at + Self.lifetime > now else { return nil }
            return e.faults
        }
    }

    func put(_ site: String, _ faults: SimulatedWorld.Faults) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock { entries[site] = (faults, now) }
    }

    func clear() {
        lock.withLock { entries.removeAll() }
    }
}
