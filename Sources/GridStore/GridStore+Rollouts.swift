public import Foundation
import GRDB
public import GridModel

// Rollouts: each a row, kept as JSON with its phase beside it. The reconciler writes them
// only when the phase is still the one it read, so a `gridops rollout pause` from another
// process is never overwritten.

extension GridStore {
    /// The rollouts that still decide what runs: progressing, paused, failed or aborted, at
    /// most one per service (the latest), by service.
    public func activeRollouts() throws(StoreError) -> [ServiceRollout] {
        let phases = ServiceRollout.Phase.allCases.filter(\.isActive).map(\.rawValue)
        return try read { db in
            try decode(Row.fetchAll(db, sql: """
                SELECT id, json FROM rollout WHERE phase IN (\(phases.map { _ in "?" }.joined(separator: ", ")))
                ORDER BY tenant, service, id
                """, arguments: StatementArguments(phases)))
        }
    }

    /// Rollouts, newest first: the latest of each service, or every one of `service` (`tenant/name`).
    public func rollouts(service: String? = nil, limit: Int = 1000) throws(StoreError) -> [ServiceRollout] {
        try read { db in
            if let service {
                let parts = service.split(separator: "/", maxSplits: 1).map(String.init)
                return try decode(Row.fetchAll(db, sql: """
                    SELECT id, json FROM rollout WHERE tenant = ? AND service = ? ORDER BY id DESC LIMIT ?
                    """, arguments: [parts.first ?? "", parts.count > 1 ? parts[1] : "", limit]))
            }
            return try decode(Row.fetchAll(db, sql: """
                SELECT id, json FROM rollout WHERE id IN (SELECT max(id) FROM rollout GROUP BY tenant, service)
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit]))
        }
    }

    /// The revision in force when rollouts were last started: a pass that finds another one
    /// in force starts the rollouts of the commits in between.
    public func rolloutsRevision() throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT rolloutsFor FROM controller WHERE id = 1") }
    }

    /// Starts `new` rollouts for `revision` and marks `superseded` ones so, in one
    /// transaction: a crash leaves either all of them or none (and the next pass starts them).
    /// Returns `new` with their ids.
    public func startRollouts(_ new: [ServiceRollout], superseding superseded: [ServiceRollout],
                              for revision: String) throws(StoreError) -> [ServiceRollout] {
        try write { db in
            for old in superseded {
                try db.execute(sql: "UPDATE rollout SET phase = ?, json = ? WHERE id = ?",
                               arguments: [old.phase.rawValue, try encode(old), old.id])
            }
            var saved: [ServiceRollout] = []
            for var rollout in new {
                try db.execute(sql: "INSERT INTO rollout (tenant, service, phase, json) VALUES (?, ?, ?, '{}')",
                               arguments: [rollout.tenant, rollout.service, rollout.phase.rawValue])
                rollout.id = db.lastInsertedRowID
                try db.execute(sql: "UPDATE rollout SET json = ? WHERE id = ?", arguments: [try encode(rollout), rollout.id])
                saved.append(rollout)
            }
            try db.execute(sql: "UPDATE controller SET rolloutsFor = ? WHERE id = 1", arguments: [revision])
            return saved
        }
    }

    /// Saves a rollout if its stored phase is still `phase`; false when someone changed it
    /// meanwhile (the caller reads it again at its next pass).
    public func saveRollout(_ rollout: ServiceRollout, expecting phase: ServiceRollout.Phase) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE rollout SET phase = ?, json = ? WHERE id = ? AND phase = ?",
                           arguments: [rollout.phase.rawValue, try encode(rollout), rollout.id, phase.rawValue])
            return db.changesCount > 0
        }
    }

    /// Applies an operator's command (pause, resume, abort) to the latest rollout of
    /// `service` (`tenant/name`); saved only if its phase did not change meanwhile (a pass of
    /// the daemon may have moved it: then run it again). Returns it as saved.
    public func commandRollout(
        _ service: String, _ command: @escaping (inout ServiceRollout) throws(RolloutCommandError) -> Void
    ) throws -> ServiceRollout {
        guard var rollout = try rollouts(service: service, limit: 1).first else {
            throw StoreError("no rollout of \(service) (rollouts start when a commit changes a service's model, version, class or GPUs per replica)")
        }
        let phase = rollout.phase
        try command(&rollout)
        guard try saveRollout(rollout, expecting: phase) else {
            throw StoreError("the rollout of \(service) changed while the command ran; run it again")
        }
        return rollout
    }

    /// Remembers the pull request a webhook named for a commit.
    public func recordPullRequest(_ number: Int, forCommit sha: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO commit_pull_request (sha, number) VALUES (?, ?)", arguments: [sha, number])
        }
    }

    public func pullRequest(forCommit sha: String) throws(StoreError) -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT number FROM commit_pull_request WHERE sha = ?", arguments: [sha]) }
    }
}

private func encode(_ rollout: ServiceRollout) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .secondsSince1970
    return try encoder.encode(rollout)
}

private func decode(_ rows: [Row]) throws -> [ServiceRollout] {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970
    return try rows.map { row in
        var rollout = try decoder.decode(ServiceRollout.self, from: row["json"] as Data)
        rollout.id = row["id"]
        return rollout
    }
}
