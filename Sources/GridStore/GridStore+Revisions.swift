public import Foundation
import GRDB
public import GridModel

// Revisions seen, the one in force, and the current placement.

/// A revision the controller has looked at, and what it found.
public struct RevisionRecord: Sendable, Hashable, Codable {
    public var sha: String
    public var seenAt: Date
    public var valid: Bool
    /// Error diagnostics; 0 when valid.
    public var errors: Int
    /// Why it is not in force (first error, or empty).
    public var reason: String
    public var message: String
    public var author: String

    public init(sha: String, seenAt: Date, valid: Bool, errors: Int, reason: String, message: String, author: String) {
        self.sha = sha
        self.seenAt = seenAt
        self.valid = valid
        self.errors = errors
        self.reason = reason
        self.message = message
        self.author = author
    }
}

/// The revision in force, and the latest one seen (which is not in force when invalid).
public struct ControllerState: Sendable, Hashable, Codable {
    public var inForce: RevisionRecord?
    public var latest: RevisionRecord?
}

extension GridStore {
    /// Records a revision once, and puts it in force when it is valid, in one transaction
    /// with `events` (what the controller says of it); seeing it again writes nothing.
    public func recordRevision(_ record: RevisionRecord, events: [Event] = []) throws(StoreError) {
        let (known, current, exists) = try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT latest, inForce FROM controller WHERE id = 1")
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM revision WHERE sha = ?", arguments: [record.sha]) ?? false
            return (row?["latest"] as String?, row?["inForce"] as String?, exists)
        }
        if exists, known == record.sha, !record.valid || current == record.sha { return }
        // One transaction: the revision seen, and in force when valid.
        try write { db in
            if !exists {
                try db.execute(sql: """
                    INSERT INTO revision (sha, seenAt, valid, errors, reason, message, author) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.sha, record.seenAt.timeIntervalSince1970, record.valid, record.errors,
                                     record.reason, record.message, record.author])
            }
            try db.execute(sql: "UPDATE controller SET latest = ? WHERE id = 1", arguments: [record.sha])
            if record.valid {
                try db.execute(sql: "UPDATE controller SET inForce = ? WHERE id = 1", arguments: [record.sha])
            }
            try Self.insert(events, into: db)
        }
    }

    public func controllerState() throws(StoreError) -> ControllerState {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT inForce, latest FROM controller WHERE id = 1")
            func revision(_ sha: String?) throws -> RevisionRecord? {
                guard let sha, let r = try Row.fetchOne(db, sql: "SELECT * FROM revision WHERE sha = ?", arguments: [sha]) else {
                    return nil
                }
                return RevisionRecord(sha: r["sha"], seenAt: Date(timeIntervalSince1970: r["seenAt"]), valid: r["valid"],
                                      errors: r["errors"], reason: r["reason"], message: r["message"], author: r["author"])
            }
            return ControllerState(inForce: try revision(row?["inForce"]), latest: try revision(row?["latest"]))
        }
    }

    /// The placement running now, as last saved.
    public func currentPlacement() throws(StoreError) -> Placement? {
        try read { db in
            guard let meta = try Row.fetchOne(db, sql: "SELECT * FROM placement_meta WHERE id = 1") else { return nil }
            let decoder = JSONDecoder()
            let assignments = try Row.fetchAll(db, sql: """
                SELECT tenant, service, region, site, gpuModel, replicas, rttMs, costPerHour FROM placement_assignment
                ORDER BY tenant, service, region, site, gpuModel
                """).map { r in
                Placement.Assignment(tenant: r[0], service: r[1], region: r[2], site: r[3], gpuModel: r[4],
                                     replicas: r[5], rttMs: r[6], costPerHour: r[7])
            }
            return Placement(
                revision: meta["revision"], objective: meta["objective"], assignments: assignments,
                reservations: try decoder.decode([Placement.Reservation].self, from: meta["reservations"] as Data),
                unplaced: try decoder.decode([Placement.Unplaced].self, from: meta["unplaced"] as Data))
        }
    }

    /// Saves a placement, writing only what differs from `previous` (the one saved before,
    /// which the caller holds): a commit that moves one service writes that service's rows.
    ///
    /// - Parameter services: when the caller knows that only these services' assignments and
    ///   unplaced entries can differ (`Placer.placeChanged` says so), only theirs are compared.
    /// - Parameter observedDigest: the digest of the observed snapshot it was placed with,
    ///   kept beside it (see `placedFor`).
    public func savePlacement(_ placement: Placement, previous: Placement?,
                              services: [(tenant: String, name: String)]? = nil,
                              observedDigest: String? = nil) throws(StoreError) {
        var deleted: [Placement.Assignment] = [], upserted: [Placement.Assignment] = []
        if let previous, let services {
            for s in services {
                let (d, u) = Self.rowChanges(from: previous.assignments[previous.assignmentRange(tenant: s.tenant, service: s.name)],
                                             to: placement.assignments[placement.assignmentRange(tenant: s.tenant, service: s.name)])
                deleted += d
                upserted += u
            }
        } else {
            if let previous, previous == placement {
                // The same answer from other observations: only what it was placed for changes.
                guard previousDigestDiffers(observedDigest) else { return }
                try write { db in
                    try db.execute(sql: "UPDATE placement_meta SET observedDigest = ? WHERE id = 1", arguments: [observedDigest])
                }
                return
            }
            (deleted, upserted) = Self.rowChanges(from: previous?.assignments[...] ?? [], to: placement.assignments[...])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The lists are written when they change; the revision and objective on their own.
        let listsChanged: Bool
        if let previous, let services, previous.unplaced.count == placement.unplaced.count {
            listsChanged = previous.reservations != placement.reservations || services.contains {
                previous.unplaced[previous.unplacedRange(tenant: $0.tenant, service: $0.name)]
                    != placement.unplaced[placement.unplacedRange(tenant: $0.tenant, service: $0.name)]
            }
        } else {
            listsChanged = previous.map { $0.reservations != placement.reservations || $0.unplaced != placement.unplaced } ?? true
        }
        let metaChanged = listsChanged || previous?.revision != placement.revision || previous?.objective != placement.objective
        guard metaChanged || !deleted.isEmpty || !upserted.isEmpty || previousDigestDiffers(observedDigest) else { return }
        let reservations = listsChanged ? (try? encoder.encode(placement.reservations)) ?? Data("[]".utf8) : Data()
        let unplaced = listsChanged ? (try? encoder.encode(placement.unplaced)) ?? Data("[]".utf8) : Data()
        try write { db in
            if previous == nil { try db.execute(sql: "DELETE FROM placement_assignment") }
            let delete = try db.cachedStatement(sql: """
                DELETE FROM placement_assignment WHERE tenant = ? AND service = ? AND region = ? AND site = ? AND gpuModel = ?
                """)
            for a in deleted {
                try delete.execute(arguments: [a.tenant, a.service, a.region, a.site, a.gpuModel])
            }
            let upsert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO placement_assignment (tenant, service, region, site, gpuModel, replicas, rttMs, costPerHour)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for a in upserted {
                try upsert.execute(arguments: [a.tenant, a.service, a.region, a.site, a.gpuModel, a.replicas, a.rttMs, a.costPerHour])
            }
            if listsChanged {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO placement_meta (id, revision, objective, reservations, unplaced, observedDigest)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """, arguments: [placement.revision, placement.objective, reservations, unplaced, observedDigest])
            } else {
                try db.execute(sql: "UPDATE placement_meta SET revision = ?, objective = ?, observedDigest = ? WHERE id = 1",
                               arguments: [placement.revision, placement.objective, observedDigest])
            }
        }
    }

    /// What the placement in force was placed for: its revision and the digest of the
    /// observed snapshot (nil for a placement saved before this was kept, or none saved).
    public func placedFor() throws(StoreError) -> (revision: String?, observedDigest: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT revision, observedDigest FROM placement_meta WHERE id = 1"),
                  let digest: String = row["observedDigest"] else { return nil }
            return (row["revision"], digest)
        }
    }

    private func previousDigestDiffers(_ digest: String?) -> Bool {
        ((try? placedFor())??.observedDigest) != digest
    }

    /// Rows to delete and rows to write, by a merge of two lists sorted by their key.
    static func rowChanges(from old: ArraySlice<Placement.Assignment>, to new: ArraySlice<Placement.Assignment>)
        -> (deleted: [Placement.Assignment], upserted: [Placement.Assignment]) {
        func key(_ a: Placement.Assignment) -> (String, String, String, String, String) {
            (a.tenant, a.service, a.region, a.site, a.gpuModel)
        }
        func sorted(_ list: ArraySlice<Placement.Assignment>) -> [Placement.Assignment] {
            zip(list, list.dropFirst()).allSatisfy { key($0) < key($1) } ? Array(list) : list.sorted { key($0) < key($1) }
        }
        let sortedOld = sorted(old)
        let sortedNew = sorted(new)
        var deleted: [Placement.Assignment] = [], upserted: [Placement.Assignment] = []
        var i = 0, j = 0
        while i < sortedOld.count || j < sortedNew.count {
            if j == sortedNew.count || (i < sortedOld.count && key(sortedOld[i]) < key(sortedNew[j])) {
                deleted.append(sortedOld[i])
                i += 1
            } else if i == sortedOld.count || key(sortedNew[j]) < key(sortedOld[i]) {
                upserted.append(sortedNew[j])
                j += 1
            } else {
                if sortedOld[i] != sortedNew[j] { upserted.append(sortedNew[j]) }
                i += 1
                j += 1
            }
        }
        return (deleted, upserted)
    }
}
