import Foundation
import GRDB
import GridModel

/// The controller's memory: GRDB over SQLite in WAL mode, `synchronous=FULL` so a committed
/// journal entry survives a power cut. Not the truth: git (desired) and the sites (observed)
/// are. Losing this file costs a re-observation, never a wrong action.
///
/// Reads and writes are named for what they mean (`recordIntents`, `recordRevision`); nothing
/// outside this module writes SQL.
public final class GridStore: Sendable {
    let db: DatabasePool
    public let path: String
    /// Journal writes from concurrent sites share transactions.
    let journalCommits: GroupCommit

    /// Opens (creating when absent) the store in `directory` (`gridops.sqlite`).
    public init(directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create the state folder \(directory): \(error.localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("gridops.sqlite")
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            db = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(db)
        } catch {
            throw StoreError("cannot open the state store \(path): \(error)")
        }
        journalCommits = GroupCommit(db)
    }

    /// Versioned migrations. Never edit one that has shipped: add the next.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE revision (
                    sha TEXT PRIMARY KEY NOT NULL,
                    seenAt REAL NOT NULL,
                    valid INTEGER NOT NULL,
                    errors INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    author TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE controller (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    inForce TEXT,
                    latest TEXT
                );
                CREATE TABLE placement (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    revision TEXT NOT NULL,
                    json BLOB NOT NULL
                );
                CREATE TABLE applied (
                    site TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    specHash TEXT NOT NULL,
                    revision TEXT NOT NULL,
                    appliedAt REAL NOT NULL,
                    PRIMARY KEY (site, resource)
                ) WITHOUT ROWID;
                CREATE TABLE observation (
                    site TEXT PRIMARY KEY NOT NULL,
                    reachable INTEGER NOT NULL,
                    since REAL NOT NULL,
                    observedAt REAL NOT NULL,
                    error TEXT NOT NULL,
                    json BLOB
                ) WITHOUT ROWID;
                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL,
                    site TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    verb TEXT NOT NULL,
                    specHash TEXT NOT NULL,
                    revision TEXT NOT NULL,
                    intentAt REAL NOT NULL,
                    outcome TEXT,
                    error TEXT,
                    doneAt REAL
                );
                CREATE INDEX journal_open ON journal (site) WHERE outcome IS NULL;
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    level TEXT NOT NULL,
                    revision TEXT NOT NULL,
                    site TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE TABLE condition (
                    scope TEXT NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    revision TEXT NOT NULL,
                    since REAL NOT NULL,
                    PRIMARY KEY (scope, name)
                ) WITHOUT ROWID;
                INSERT INTO controller (id) VALUES (1);
                """)
        }
        // The placement as rows, so a commit that moves one service writes that service's rows.
        m.registerMigration("v2-placement-rows") { db in
            try db.execute(sql: """
                CREATE TABLE placement_assignment (
                    tenant TEXT NOT NULL,
                    service TEXT NOT NULL,
                    region TEXT NOT NULL,
                    site TEXT NOT NULL,
                    gpuModel TEXT NOT NULL,
                    replicas INTEGER NOT NULL,
                    rttMs REAL NOT NULL,
                    costPerHour REAL NOT NULL,
                    PRIMARY KEY (tenant, service, region, site, gpuModel)
                ) WITHOUT ROWID;
                CREATE TABLE placement_meta (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    revision TEXT,
                    objective REAL NOT NULL,
                    reservations BLOB NOT NULL,
                    unplaced BLOB NOT NULL
                );
                INSERT INTO placement_assignment
                    SELECT json_extract(a.value, '$.tenant'), json_extract(a.value, '$.service'),
                           json_extract(a.value, '$.region'), json_extract(a.value, '$.site'),
                           json_extract(a.value, '$.gpuModel'), json_extract(a.value, '$.replicas'),
                           json_extract(a.value, '$.rttMs'), json_extract(a.value, '$.costPerHour')
                    FROM placement p, json_each(CAST(p.json AS TEXT), '$.assignments') a;
                INSERT INTO placement_meta
                    SELECT 1, json_extract(CAST(json AS TEXT), '$.revision'), json_extract(CAST(json AS TEXT), '$.objective'),
                           CAST(json_extract(CAST(json AS TEXT), '$.reservations') AS BLOB),
                           CAST(json_extract(CAST(json AS TEXT), '$.unplaced') AS BLOB)
                    FROM placement;
                DROP TABLE placement;
                """)
        }
        // Previews of pull-request heads and branches the daemon watches.
        m.registerMigration("v3-previews") { db in
            try db.execute(sql: """
                CREATE TABLE preview (
                    id TEXT PRIMARY KEY NOT NULL,
                    ref TEXT NOT NULL,
                    base TEXT NOT NULL,
                    head TEXT NOT NULL,
                    at REAL NOT NULL,
                    valid INTEGER NOT NULL,
                    errors INTEGER NOT NULL,
                    warnings INTEGER NOT NULL,
                    actions INTEGER NOT NULL,
                    notified TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // Rollouts of services, the revision they were last started for, and pull requests
        // webhooks named for commits.
        m.registerMigration("v4-rollouts") { db in
            try db.execute(sql: """
                CREATE TABLE rollout (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant TEXT NOT NULL,
                    service TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    json BLOB NOT NULL
                );
                CREATE INDEX rollout_by_service ON rollout (tenant, service, id);
                CREATE INDEX rollout_by_phase ON rollout (phase);
                ALTER TABLE controller ADD COLUMN rolloutsFor TEXT;
                CREATE TABLE commit_pull_request (
                    sha TEXT PRIMARY KEY NOT NULL,
                    number INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // What the placement in force was placed for besides its revision: a digest of the
        // observed snapshot, so a process that starts afresh and finds the same revision and
        // observations takes that placement as the answer (as the process that made it does)
        // instead of placing again (see `Reconciler.placeAndRender`).
        m.registerMigration("v5-placement-inputs") { db in
            try db.execute(sql: "ALTER TABLE placement_meta ADD COLUMN observedDigest TEXT")
        }
        return m
    }

    /// Writes committed since this store was opened: a pass that changes nothing adds none.
    public var writeCount: Int { writes.value }
    let writes = AtomicCount()

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            let result = try db.write(body)
            writes.add()
            return result
        } catch {
            throw StoreError("state store \(path): \(error)")
        }
    }

    /// A journal write, committed together with whatever other sites submit meanwhile.
    func groupWrite(_ work: @escaping @Sendable (Database) throws -> [Int64]) async throws(StoreError) -> [Int64] {
        do {
            let result = try await journalCommits.submit(work)
            writes.add()
            return result
        } catch {
            throw StoreError("state store \(path): \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try db.read(body)
        } catch {
            throw StoreError("state store \(path): \(error)")
        }
    }
}

/// The store cannot be read or written.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
