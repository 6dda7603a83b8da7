import Foundation
import GRDB
public import GridModel

/// A `SiteDriver` over the simulated world: every call waits the site's latency, fails at its
/// failure rate (before any change), or fails partially at its partial rate (the change is
/// made, the answer is lost), exactly as a flaky network to a real site would.
public struct SimulatedSiteDriver: SiteDriver {
    public let world: SimulatedWorld

    public init(world: SimulatedWorld) {
        self.world = world
    }

    public func observe(site: String) async throws(DriverError) -> SiteObservation {
        let faults = try await arrive(at: site)
        if Double.random(in: 0..<1) < faults.failRate {
            throw DriverError(.transient, "simulated failure observing \(site)")
        }
        do {
            return try world.observation(of: site)
        } catch {
            throw DriverError(.transient, "\(error)")
        }
    }

    public func apply(_ action: SiteAction, site: String, key: String) async throws(DriverError) {
        let faults = try await arrive(at: site)
        if Double.random(in: 0..<1) < faults.failRate {
            world.record(site: site, action: action, key: key, effect: "failed")
            throw DriverError(.transient, "simulated failure: \(action) at \(site)")
        }
        let effect: String
        do {
            effect = try world.perform(action, site: site, key: key)
        } catch {
            throw DriverError(.transient, "\(error)")
        }
        if effect == "refused" {
            throw DriverError(.rejected, "\(site) refused \(action): a resource gridops does not manage holds the name")
        }
        if Double.random(in: 0..<1) < faults.partialRate {
            throw DriverError(.transient, "simulated partial failure: \(action) at \(site) was made, the answer was lost")
        }
    }

    /// Waits the site's latency; unreachable when it is offline or unknown.
    private func arrive(at site: String) async throws(DriverError) -> SimulatedWorld.Faults {
        let faults: SimulatedWorld.Faults
        do {
            guard let f = try world.faults(of: site) else {
                throw DriverError(.unreachable, "\(site) is not in the simulated world")
            }
            faults = f
        } catch let error as DriverError {
            throw error
        } catch {
            throw DriverError(.transient, "\(error)")
        }
        if faults.latencyMs > 0 {
            try? await Task.sleep(for: .milliseconds(faults.latencyMs))
        }
        guard faults.online else { throw DriverError(.unreachable, "\(site) does not answer (offline)") }
        return faults
    }
}

extension SimulatedWorld {
    public struct Faults: Sendable, Hashable, Codable {
        public var online: Bool
        public var failRate: Double
        public var partialRate: Double
        public var latencyMs: Int
    }

    func faults(of site: String) throws -> Faults? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT online, failRate, partialRate, latencyMs FROM site WHERE name = ?",
                             arguments: [site]).map {
                Faults(online: $0["online"], failRate: $0["failRate"], partialRate: $0["partialRate"], latencyMs: $0["latencyMs"])
            }
        }
    }

    /// What the site runs: its resources, and GPU use (everyone else's plus what it runs).
    func observation(of site: String) throws -> SiteObservation {
        try read { db in
            let foreignText: String = try String.fetchOne(db, sql: "SELECT foreignGPUs FROM site WHERE name = ?",
                                                          arguments: [site]) ?? "{}"
            var used = decodeJSON([String: Int].self, foreignText) ?? [:]
            var resources: [ObservedResource] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, spec, specHash, managed, status FROM resource WHERE site = ?",
                                        arguments: [site]) {
                guard let id = ResourceID(row["id"] as String) else { continue }
                let spec = ResourceSpec(decodeJSON([String: String].self, row["spec"]) ?? [:])
                for (model, n) in spec.gpus { used[model, default: 0] += n }
                resources.append(ObservedResource(id: id, spec: spec, specHash: row["specHash"], managed: row["managed"],
                                                  status: ObservedResource.Status(rawValue: row["status"]) ?? .progressing))
            }
            return SiteObservation(site: site, healthy: true, gpusUsed: used, resources: resources)
        }
    }

    /// Performs one action and logs it with its effect: created, updated, deleted, noop (the
    /// same spec again), absent (deleting what is not there) or refused (not ours).
    func perform(_ action: SiteAction, site: String, key: String) throws -> String {
        try write { db in
            let row = try Row.fetchOne(db, sql: "SELECT specHash, managed FROM resource WHERE site = ? AND id = ?",
                                       arguments: [site, action.id.description])
            let effect: String
            if let row, !(row["managed"] as Bool) {
                effect = "refused"
            } else {
                switch action.verb {
                case .create, .update:
                    if let row {
                        if (row["specHash"] as String) == action.specHash {
                            effect = "noop"
                        } else {
                            try db.execute(sql: "UPDATE resource SET spec = ?, specHash = ?, status = 'ready' WHERE site = ? AND id = ?",
                                           arguments: [encodeJSON(action.spec.fields), action.spec.hash, site, action.id.description])
                            effect = "updated"
                        }
                    } else {
                        try db.execute(sql: """
                            INSERT INTO resource (site, id, spec, specHash, managed, status) VALUES (?, ?, ?, ?, 1, 'ready')
                            """, arguments: [site, action.id.description, encodeJSON(action.spec.fields), action.spec.hash])
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
    func record(site: String, action: SiteAction, key: String, effect: String) {
        _ = try? write { db in try Self.log(db, site: site, action: action, key: key, effect: effect) }
    }

    private static func log(_ db: Database, site: String, action: SiteAction, key: String, effect: String) throws {
        try db.execute(sql: """
            INSERT INTO call (at, site, resource, verb, specHash, key, effect) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Date().timeIntervalSince1970, site, action.id.description, action.verb.rawValue,
                             action.specHash, key, effect])
    }
}
