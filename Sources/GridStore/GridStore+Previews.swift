public import Foundation
import GRDB

/// A preview the daemon wrote for a pull-request head or a watched branch.
public struct StoredPreview: Sendable, Hashable, Codable {
    /// `pull-12`, `branch-feature-x`: also the file name under `STATE/previews/`.
    public var id: String
    /// The reference it was made for (`refs/remotes/origin/pull/12`).
    public var ref: String
    public var base: String
    public var head: String
    public var at: Date
    public var valid: Bool
    public var errors: Int
    public var warnings: Int
    public var actions: Int
    /// "" when there is nothing to notify; "sent", or why it could not be sent.
    public var notified: String

    public init(id: String, ref: String, base: String, head: String, at: Date, valid: Bool, errors: Int, warnings: Int,
                actions: Int, notified: String) {
        self.id = id
        self.ref = ref
        self.base = base
        self.head = head
        self.at = at
        self.valid = valid
        self.errors = errors
        self.warnings = warnings
        self.actions = actions
        self.notified = notified
    }
}

extension GridStore {
    public func previews() throws(StoreError) -> [StoredPreview] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM preview ORDER BY id").map { r in
                StoredPreview(id: r["id"], ref: r["ref"], base: r["base"], head: r["head"], at: Date(timeIntervalSince1970: r["at"]),
                              valid: r["valid"], errors: r["errors"], warnings: r["warnings"], actions: r["actions"],
                              notified: r["notified"])
            }
        }
    }

    public func savePreview(_ p: StoredPreview) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO preview (id, ref, base, head, at, valid, errors, warnings, actions, notified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [p.id, p.ref, p.base, p.head, p.at.timeIntervalSince1970, p.valid, p.errors, p.warnings,
                                 p.actions, p.notified])
        }
    }
}
