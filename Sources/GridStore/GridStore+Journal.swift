public import Foundation
import GRDB
public import GridModel

// The action journal (intent before the driver call, outcome after) and what was last applied.

/// One journal entry: an action gridops meant to take, and how it ended.
public struct JournalEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var key: String
    public var site: String
    public var action: SiteAction
    public var revision: String
    public var intentAt: Date
    /// nil while open; `done`, `failed`, `found` (seen done after a restart) or `abandoned`.
    public var outcome: String?
    public var error: String?
}

/// How an action ended, to record after the driver call.
public struct ActionOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        case done
        case failed(String)
    }

    public var journalID: Int64
    public var site: String
    public var action: SiteAction
    public var revision: String
    public var result: Result

    public init(journalID: Int64, site: String, action: SiteAction, revision: String, result: Result) {
        self.journalID = journalID
        self.site = site
        self.action = action
        self.revision = revision
        self.result = result
    }
}

extension GridStore {
    /// Writes the intents of a site's actions in one transaction, before any driver call;
    /// returns their journal ids in order.
    public func recordIntents(site: String, actions: [SiteAction], revision: String) async throws(StoreError) -> [Int64] {
        guard !actions.isEmpty else { return [] }
        let now = Date().timeIntervalSince1970
        return try await groupWrite { db in
            try actions.map { action in
                try db.execute(sql: """
                    INSERT INTO journal (key, site, resource, verb, specHash, revision, intentAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [action.idempotencyKey(site: site), site, action.id.description, action.verb.rawValue,
                                     action.specHash, revision, now])
                return db.lastInsertedRowID
            }
        }
    }

    /// Records outcomes in one transaction; a done action updates what was last applied.
    public func recordOutcomes(_ outcomes: [ActionOutcome]) async throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        _ = try await groupWrite { db in
            for o in outcomes {
                switch o.result {
                case .done:
                    try db.execute(sql: "UPDATE journal SET outcome = 'done', doneAt = ? WHERE id = ?", arguments: [now, o.journalID])
                    try Self.noteApplied(db, site: o.site, action: o.action, revision: o.revision, at: now)
                case .failed(let message):
                    try db.execute(sql: "UPDATE journal SET outcome = 'failed', error = ?, doneAt = ? WHERE id = ?",
                                   arguments: [message, now, o.journalID])
                }
            }
            return []
        }
    }

    /// Intents whose outcome was never written: the process stopped between the two.
    public func openIntents() throws(StoreError) -> [JournalEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE outcome IS NULL ORDER BY id").compactMap(Self.entry)
        }
    }

    /// Closes open intents after a restart, from what the sites now report: `found` when the
    /// action's effect is there (and it becomes the last applied), `abandoned` when it is not
    /// (the next diff decides afresh).
    public func resolveIntents(_ resolved: [(entry: JournalEntry, found: Bool)]) throws(StoreError) {
        guard !resolved.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try write { db in
            for (entry, found) in resolved {
                try db.execute(sql: "UPDATE journal SET outcome = ?, doneAt = ? WHERE id = ?",
                               arguments: [found ? "found" : "abandoned", now, entry.id])
                if found { try Self.noteApplied(db, site: entry.site, action: entry.action, revision: entry.revision, at: now) }
            }
        }
    }

    /// The journal, newest last, optionally for one site.
    public func journal(site: String? = nil, limit: Int = 1000) throws(StoreError) -> [JournalEntry] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT * FROM journal WHERE ?1 IS NULL OR site = ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id
                """, arguments: [site, limit])
            return rows.compactMap(Self.entry)
        }
    }

    /// What gridops last applied, per site and resource.
    public func appliedRecords() throws(StoreError) -> [String: [ResourceID: AppliedRecord]] {
        try read { db in
            var out: [String: [ResourceID: AppliedRecord]] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT site, resource, specHash, revision FROM applied")
            while let row = try cursor.next() {
                guard let id = ResourceID(row["resource"] as String) else { continue }
                out[row["site"], default: [:]][id] = AppliedRecord(specHash: row["specHash"], revision: row["revision"])
            }
            return out
        }
    }

    private static func noteApplied(_ db: Database, site: String, action: SiteAction, revision: String, at now: Double) throws {
        switch action.verb {
        case .create, .update:
            try db.execute(sql: """
                INSERT OR REPLACE INTO applied (site, resource, specHash, revision, appliedAt) VALUES (?, ?, ?, ?, ?)
                """, arguments: [site, action.id.description, action.specHash, revision, now])
        case .delete:
            try db.execute(sql: "DELETE FROM applied WHERE site = ? AND resource = ?", arguments: [site, action.id.description])
        }
    }

    private static func entry(_ row: Row) -> JournalEntry? {
        guard let id = ResourceID(row["resource"] as String), let verb = SiteAction.Verb(rawValue: row["verb"]) else { return nil }
        return JournalEntry(id: row["id"], key: row["key"], site: row["site"],
                            action: SiteAction(verb: verb, id: id, spec: ResourceSpec(), specHash: row["specHash"]),
                            revision: row["revision"], intentAt: Date(timeIntervalSince1970: row["intentAt"]),
                            outcome: row["outcome"], error: row["error"])
    }
}
