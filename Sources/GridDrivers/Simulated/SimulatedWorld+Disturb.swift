public import Foundation
import GRDB
public import GridModel

// Looking at the simulated world and disturbing it: what `gridops sim` does.

extension SimulatedWorld {
    public struct SiteStatus: Sendable, Hashable, Codable {
        public var name: String
        public var faults: Faults
        public var capacity: [String: Int]
        public var foreignGPUs: [String: Int]
        public var gpusUsed: [String: Int]
        public var resources: Int
    }

    /// One mutating call a site received.
    public struct Call: Sendable, Hashable, Codable {
        public var seq: Int64
        public var at: Date
        public var site: String
        public var resource: String
        public var verb: String
        public var specHash: String
        public var key: String
        /// created, updated, deleted, noop, absent, refused, failed.
        public var effect: String
    }

    public func status() throws -> [SiteStatus] {
        let sites = try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Faults.columns), name, capacity, foreignGPUs FROM site ORDER BY name")
        }
        return try sites.map { row in
            let name: String = row["name"]
            let observed = try observation(of: name)
            return SiteStatus(
                name: name,
                faults: Faults(row),
                capacity: decodeJSON([String: Int].self, row["capacity"]) ?? [:],
                foreignGPUs: decodeJSON([String: Int].self, row["foreignGPUs"]) ?? [:],
                gpusUsed: observed.gpusUsed, resources: observed.resources.count)
        }
    }

    /// The resources a site runs (or every site's, with nil).
    public func resources(site: String?) throws -> [(site: String, resource: ObservedResource)] {
        if let site { try requireSite(site) }
        let names = try site.map { [$0] } ?? read { db in try String.fetchAll(db, sql: "SELECT name FROM site ORDER BY name") }
        return try names.flatMap { name in
            try observation(of: name).resources.map { (name, $0) }
        }
    }

    /// Every mutating call, oldest first, optionally for one site and resource.
    public func calls(site: String? = nil, resource: String? = nil, limit: Int? = nil) throws -> [Call] {
        if let site { try requireSite(site) }
        return try read { db in
            var sql = "SELECT * FROM call WHERE 1 = 1"
            var args: StatementArguments = []
            if let site { sql += " AND site = ?"; args += [site] }
            if let resource { sql += " AND resource = ?"; args += [resource] }
            sql += " ORDER BY seq"
            var rows = try Row.fetchAll(db, sql: sql, arguments: args)
            if let limit, rows.count > limit { rows = Array(rows.suffix(limit)) }
            return rows.map { row in
                Call(seq: row["seq"], at: Date(timeIntervalSince1970: row["at"]), site: row["site"], resource: row["resource"],
                     verb: row["verb"], specHash: row["specHash"], key: row["key"], effect: row["effect"])
            }
        }
    }

    /// Changes fields of a resource out of band; the site reports the new spec's hash.
    /// Only fields the spec has can be changed: a mistyped one is refused with the closest.
    public func modify(site: String, resource id: ResourceID, set fields: [String: String]) throws {
        try requireSite(site)
        try write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT spec FROM resource WHERE site = ? AND id = ?",
                                                 arguments: [site, id.description]) else {
                throw try absent(id, at: site, db)
            }
            var spec = ResourceSpec(canonical: text)
            let known = spec.fields.keys.sorted()
            for key in fields.keys.sorted() where spec[key] == nil {
                let hint = closest(to: key, in: known).map { ": did you mean '\($0)'?" } ?? ""
                throw WorldError("\(id) at \(site) has no field '\(key)'\(hint) (its fields: \(known.joined(separator: ", ")))",
                                 notFound: true)
            }
            for (key, value) in fields { spec[key] = value }
            try db.execute(sql: "UPDATE resource SET spec = ?, specHash = ? WHERE site = ? AND id = ?",
                           arguments: [spec.canonical, spec.hash, site, id.description])
        }
    }

    /// Deletes a resource out of band.
    public func remove(site: String, resource id: ResourceID) throws {
        try requireSite(site)
        try write { db in
            try db.execute(sql: "DELETE FROM resource WHERE site = ? AND id = ?", arguments: [site, id.description])
            if db.changesCount == 0 { throw try absent(id, at: site, db) }
        }
    }

    /// "No such resource at the site", with the closest id it runs.
    private func absent(_ id: ResourceID, at site: String, _ db: Database) throws -> WorldError {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM resource WHERE site = ? ORDER BY id", arguments: [site])
        let hint = closest(to: id.description, in: ids).map { ": did you mean '\($0)'?" }
            ?? (ids.isEmpty ? ": it runs nothing" : " (`gridops sim status --site \(site)` lists what it runs)")
        return WorldError("no \(id) at \(site)\(hint)", notFound: true)
    }

    /// Puts a resource gridops does not manage at a site (someone else's workload).
    public func addUnmanaged(site: String, resource id: ResourceID, spec: ResourceSpec) throws {
        try requireSite(site)
        try write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO resource (site, id, spec, specHash, managed, status) VALUES (?, ?, ?, ?, 0, 'ready')
                """, arguments: [site, id.description, spec.canonical, spec.hash])
        }
    }

    public struct FaultChange: Sendable {
        public var online: Bool?
        public var failRate: Double?
        public var partialRate: Double?
        public var latencyMs: Int?
        public var foreignGPUs: [String: Int]?
        /// Model versions whose deployments report failed ([] clears).
        public var unhealthyVersions: [String]?

        public init(online: Bool? = nil, failRate: Double? = nil, partialRate: Double? = nil, latencyMs: Int? = nil,
                    foreignGPUs: [String: Int]? = nil, unhealthyVersions: [String]? = nil) {
            self.online = online
            self.failRate = failRate
            self.partialRate = partialRate
            self.latencyMs = latencyMs
            self.foreignGPUs = foreignGPUs
            self.unhealthyVersions = unhealthyVersions
        }

        /// Changes nothing.
        public var isEmpty: Bool {
            online == nil && failRate == nil && partialRate == nil && latencyMs == nil && foreignGPUs == nil
                && unhealthyVersions == nil
        }
    }

    /// Changes faults of one site, or of every site with nil.
    /// (An empty change still checks that the site exists.)
    public func setFaults(site: String?, _ change: FaultChange) throws {
        if let site { try requireSite(site) }
        try write { db in
            var sets: [String] = []
            var args: StatementArguments = []
            if let v = change.online { sets.append("online = ?"); args += [v] }
            if let v = change.failRate { sets.append("failRate = ?"); args += [v] }
            if let v = change.partialRate { sets.append("partialRate = ?"); args += [v] }
            if let v = change.latencyMs { sets.append("latencyMs = ?"); args += [v] }
            if let v = change.foreignGPUs { sets.append("foreignGPUs = ?"); args += [encodeJSON(v)] }
            if let v = change.unhealthyVersions { sets.append("unhealthyVersions = ?"); args += [encodeJSON(v.sorted())] }
            guard !sets.isEmpty else { return }
            var sql = "UPDATE site SET " + sets.joined(separator: ", ")
            if let site { sql += " WHERE name = ?"; args += [site] }
            try db.execute(sql: sql, arguments: args)
        }
        faultCache.clear()
    }

    /// "No site", with the closest name, or what to run when the world is empty.
    func requireSite(_ site: String) throws {
        let known = try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM site WHERE name = ?", arguments: [site]) } ?? false
        guard !known else { return }
        let names = try read { db in try String.fetchAll(db, sql: "SELECT name FROM site ORDER BY name") }
        let hint = names.isEmpty ? " (it has no sites yet: run `gridops apply` or `serve` first)"
            : closest(to: site, in: names).map { ": did you mean '\($0)'?" } ?? ""
        throw WorldError("no site '\(site)' in the simulated world at \(path)\(hint)", notFound: true)
    }
}
