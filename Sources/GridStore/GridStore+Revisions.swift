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
    /// Records a revision once; seeing it again writes nothing.
    public func recordRevision(_ record: RevisionRecord) throws(StoreError) {
        let known = try read { db in
            try String.fetchOne(db, sql: "SELECT latest FROM controller WHERE id = 1")
        }
        let exists = try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM revision WHERE sha = ?", arguments: [record.sha]) ?? false
        }
        if exists, known == record.sha { return }
        try write { db in
            if !exists {
                try db.execute(sql: """
                    INSERT INTO revision (sha, seenAt, valid, errors, reason, message, author) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.sha, record.seenAt.timeIntervalSince1970, record.valid, record.errors,
                                     record.reason, record.message, record.author])
            }
            try db.execute(sql: "UPDATE controller SET latest = ? WHERE id = 1", arguments: [record.sha])
        }
    }

    /// Puts a valid revision in force (no write when it already is).
    public func markInForce(_ sha: String) throws(StoreError) {
        let current = try read { db in try String.fetchOne(db, sql: "SELECT inForce FROM controller WHERE id = 1") }
        guard current != sha else { return }
        try write { db in try db.execute(sql: "UPDATE controller SET inForce = ? WHERE id = 1", arguments: [sha]) }
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
        let data = try read { db in try Data.fetchOne(db, sql: "SELECT json FROM placement WHERE id = 1") }
        return data.flatMap { try? JSONDecoder().decode(Placement.self, from: $0) }
    }

    /// Saves the placement when it differs from the saved one.
    public func savePlacement(_ placement: Placement) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(placement) else { return }
        let saved = try read { db in try Data.fetchOne(db, sql: "SELECT json FROM placement WHERE id = 1") }
        guard saved != data else { return }
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO placement (id, revision, json) VALUES (1, ?, ?)",
                           arguments: [placement.revision ?? "", data])
        }
    }
}
