import Dispatch
import Foundation
import GRDB
public import GridModel

/// One simulated site of the world, as a backend: the `simulated` transport's only one. Every
/// call waits the site's latency, fails at its failure rate (before any change), or fails
/// partially at its partial rate (the change is made, the answer is lost), exactly as a
/// flaky network to a real site would. Every fault is drawn from the world's seed
/// (`SimulatedWorld+Seed.swift`), so a flaky run repeats. The world stores gridops's
/// canonical specs, so it needs no ledger: it reports them with their hash.
public struct SimulatedBackend: SiteBackend {
    public let world: SimulatedWorld
    public let site: String

    public init(world: SimulatedWorld, site: String) {
        self.world = world
        self.site = site
    }

    public var name: String { "simulated" }
    public var kinds: Set<ResourceKind> { Set(ResourceKind.allCases) }
    /// A simulated site takes any number of calls at once; one that takes a minute is lost.
    public var limits: BackendLimits { BackendLimits(callsAtOnce: nil, timeout: .seconds(60)) }

    public func observe() async throws(DriverError) -> BackendObservation {
        // One read for the site's faults and what it runs: a pass observes every site.
        let snapshot: (faults: SimulatedWorld.Faults, observation: BackendObservation)?
        do {
            snapshot = try await world.snapshot(of: site)
        } catch {
            throw DriverError(.transient, "\(error)")
        }
        guard let snapshot else { throw DriverError(.unreachable, "\(site) is not in the simulated world") }
        try await wait(snapshot.faults)
        if snapshot.faults.failRate > 0, world.draw(site: site, "observe") < snapshot.faults.failRate {
            throw DriverError(.transient, "simulated failure observing \(site)")
        }
        return snapshot.observation
    }

    public func apply(_ change: BackendChange) async throws(DriverError) {
        let (action, key) = (change.action, change.key)
        let faults = try await arrive()
        if faults.failRate > 0, world.draw(site: site, "fail \(key)") < faults.failRate {
            await world.record(site: site, action: action, key: key, effect: "failed")
            throw DriverError(.transient, "simulated failure: \(action) at \(site)")
        }
        let effect: String
        do {
            effect = try await world.perform(action, site: site, key: key)
        } catch {
            throw DriverError(.transient, "\(error)")
        }
        if effect == "refused" {
            throw DriverError(.rejected, "\(site) refused \(action): a resource gridops does not manage holds the name")
        }
        if faults.partialRate > 0, world.draw(site: site, "lose \(key)") < faults.partialRate {
            throw DriverError(.transient, "simulated partial failure: \(action) at \(site) was made, the answer was lost")
        }
    }

    /// Waits the site's latency; unreachable when it is offline or unknown.
    private func arrive() async throws(DriverError) -> SimulatedWorld.Faults {
        let faults: SimulatedWorld.Faults?
        do {
            faults = try await world.faults(of: site)
        } catch {
            throw DriverError(.transient, "\(error)")
        }
        guard let faults else { throw DriverError(.unreachable, "\(site) is not in the simulated world") }
        try await wait(faults)
        return faults
    }

    /// The round trip: the site's latency, then nothing at all when it is offline. A
    /// cancelled wait ends the call.
    private func wait(_ faults: SimulatedWorld.Faults) async throws(DriverError) {
        if faults.latencyMs > 0 {
            do {
                try await Task.sleep(for: .milliseconds(faults.latencyMs))
            } catch {
                throw DriverError(.transient, "cancelled while waiting for \(site)")
            }
        }
        guard faults.online else { throw DriverError(.unreachable, "\(site) does not answer (offline)") }
    }
}

extension SimulatedWorld.Faults {
    static let columns = "online, failRate, partialRate, latencyMs, unhealthyVersions"
}

extension SimulatedWorld {
    public struct Faults: Sendable, Hashable, Codable {
        public var online: Bool
        public var failRate: Double
        public var partialRate: Double
        public var latencyMs: Int
        /// Deployments of these model versions report `failed` (the health model).
        public var unhealthyVersions: [String]

        /// From a row that starts with `Faults.columns`, read by position (a pass reads every
        /// site's; lookups by name cost more).
        init(_ row: Row) {
            online = row[0]
            failRate = row[1]
            partialRate = row[2]
            latencyMs = row[3]
            let versions: String = row[4]
            unhealthyVersions = versions == "[]" ? [] : decodeJSON([String].self, versions) ?? []
        }
    }

    /// A site's faults. Read at most once a second per site (every driver call needs them);
    /// a change made through this world object is seen at once, one made by another process
    /// (`gridops sim faults`) within a second.
    func faults(of site: String) async throws -> Faults? {
        if let cached = faultCache.get(site) { return cached }
        let faults = try await readAsync { db in
            let statement = try db.cachedStatement(sql: "SELECT \(Faults.columns) FROM site WHERE name = ?")
            return try Row.fetchOne(statement, arguments: [site]).map(Faults.init)
        }
        if let faults { faultCache.put(site, faults) }
        return faults
    }

    /// What the site runs: its resources, and GPU use (everyone else's plus what it runs).
    func observation(of site: String) throws -> SiteObservation {
        let seen = try read { db in try snapshot(db, site) }?.observation ?? BackendObservation(resources: [])
        return SiteObservation(site: site, healthy: true, otherUse: seen.otherGPUs, resources: seen.resources.map(\.asObserved))
    }

    /// A site's faults and what it runs, in one read; nil when the world has no such site.
    /// Specs are stored in their canonical encoding, which parses far faster than JSON.
    /// The site's version is read first: unchanged, the last snapshot is the answer (the same
    /// arrays), as a site agent would answer from memory.
    func snapshot(of site: String) async throws -> (faults: Faults, observation: BackendObservation)? {
        if let world = worldVersion.fresh(), let known = snapshots.get(site, world: world) { return known }
        return try await readAsync { db in try self.snapshot(db, site) }
    }

    private func snapshot(_ db: Database, _ site: String) throws -> (faults: Faults, observation: BackendObservation)? {
        let readAt = DispatchTime.now().uptimeNanoseconds
        let world = try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM world WHERE id = 1")) ?? 0
        worldVersion.note(world, readAt: readAt)
        let version = try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM site WHERE name = ?"), arguments: [site])
        guard let version else { return nil }
        if let known = snapshots.get(site, version: version) {
            snapshots.put(site, version: version, world: world, known)
            return known
        }
        let siteRow = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Faults.columns), foreignGPUs FROM site WHERE name = ?"),
            arguments: [site])
        guard let siteRow else { return nil }
        let faults = Faults(siteRow)
        let foreign: String = siteRow[5]
        let other = foreign == "{}" ? [:] : decodeJSON([String: Int].self, foreign) ?? [:]
        var resources: [BackendResource] = []
        let statement = try db.cachedStatement(sql: "SELECT id, spec, specHash, managed, status FROM resource WHERE site = ? ORDER BY id")
        let rows = try Row.fetchCursor(statement, arguments: [site])
        while let row = try rows.next() {
            guard let id = ResourceID(row[0] as String) else { continue }
            let hash: String = row[2]
            var resource = BackendResource(id: id, canonicalSpec: row[1], specHash: hash,
                                           owner: (row[3] as Bool) ? .gridops(appliedHash: hash) : .other,
                                           status: ObservedResource.Status(rawValue: row[4]) ?? .progressing)
            if !faults.unhealthyVersions.isEmpty, id.kind == .deployment,
               let version = ResourceSpec(canonical: resource.canonicalSpec)["version"], faults.unhealthyVersions.contains(version) {
                resource.status = .failed
            }
            resources.append(resource)
        }
        let snapshot = (faults, BackendObservation(resources: resources, otherGPUs: other))
        snapshots.put(site, version: version, world: world, snapshot)
        return snapshot
    }

    /// Performs one action and logs it with its effect: created, updated, deleted, noop (the
    /// same spec again), absent (deleting what is not there) or refused (not ours).
    func perform(_ action: SiteAction, site: String, key: String) async throws -> String {
        let text = action.spec.canonical
        let hash = ResourceSpec.hash(ofCanonical: text)
        return try await writeAsync { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT specHash, managed FROM resource WHERE site = ? AND id = ?"),
                                       arguments: [site, action.id.description])
            let effect: String
            if let row, !(row["managed"] as Bool) {
                effect = "refused"
            } else {
                switch action.verb {
                case .create, .update:
                    if let row {
                        if (row["specHash"] as String) == hash {
                            effect = "noop"
                        } else {
                            try db.execute(sql: "UPDATE resource SET spec = ?, specHash = ?, status = 'ready' WHERE site = ? AND id = ?",
                                           arguments: [text, hash, site, action.id.description])
                            effect = "updated"
                        }
                    } else {
                        try db.execute(sql: """
                            INSERT INTO resource (site, id, spec, specHash, managed, status) VALUES (?, ?, ?, ?, 1, 'ready')
                            """, arguments: [site, action.id.description, text, hash])
                        effect = "created"
                    }
                case .delete:
                    try db.execute(sql: "DELETE FROM resource WHERE site = ? AND id = ?", arguments: [site, action.id.description])
                    effect = db.changesCount > 0 ? "deleted" : "absent"
                }
            }
            try Self.log(db, site: site, action: action, key: key, effect: effect)
            return effect
        }
    }

    /// Logs a call that changed nothing (an injected failure).
    func record(site: String, action: SiteAction, key: String, effect: String) async {
        _ = try? await writeAsync { db in try Self.log(db, site: site, action: action, key: key, effect: effect) }
    }

    private static func log(_ db: Database, site: String, action: SiteAction, key: String, effect: String) throws {
        try db.execute(sql: """
            INSERT INTO call (at, site, resource, verb, specHash, key, effect) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Date().timeIntervalSince1970, site, action.id.description, action.verb.rawValue,
                             action.specHash, key, effect])
    }
}
