public import Foundation
import GRDB
public import GridModel

// The latest observation per site, conditions, and events.

/// The latest look at a site, as stored.
public struct StoredObservation: Sendable, Hashable, Codable {
    public var site: String
    public var reachable: Bool
    /// When reachability last changed: an unreachable site has been so since then.
    public var since: Date
    /// When the stored content last changed.
    public var observedAt: Date
    /// Why the site could not be observed; empty when reachable.
    public var error: String
    /// The last observation that succeeded.
    public var observation: SiteObservation?

    public init(site: String, reachable: Bool, since: Date, observedAt: Date, error: String, observation: SiteObservation?) {
        self.site = site
        self.reachable = reachable
        self.since = since
        self.observedAt = observedAt
        self.error = error
        self.observation = observation
    }

    /// Same content, whatever the times: an unchanged site is not written again.
    public func sameContent(as other: StoredObservation) -> Bool {
        reachable == other.reachable && error == other.error && observation == other.observation
    }
}

/// Something that happened, for people: a revision refused, an action failed, a site gone.
public struct Event: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Codable {
        case info, warning, error
    }

    public var id: Int64
    public var at: Date
    public var level: Level
    public var revision: String
    public var site: String
    public var resource: String
    public var message: String

    public init(id: Int64 = 0, at: Date = Date(), level: Level, revision: String = "", site: String = "", resource: String = "",
                message: String) {
        self.id = id
        self.at = at
        self.level = level
        self.revision = revision
        self.site = site
        self.resource = resource
        self.message = message
    }
}

/// A condition with the time it took its current status.
public struct StoredCondition: Sendable, Hashable, Codable {
    public var condition: Condition
    public var since: Date
}

extension GridStore {
    public func observations() throws(StoreError) -> [String: StoredObservation] {
        try read { db in
            var out: [String: StoredObservation] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM observation") {
                let data: Data? = row["json"]
                out[row["site"]] = StoredObservation(
                    site: row["site"], reachable: row["reachable"], since: Date(timeIntervalSince1970: row["since"]),
                    observedAt: Date(timeIntervalSince1970: row["observedAt"]), error: row["error"],
                    observation: data.flatMap { try? JSONDecoder().decode(SiteObservation.self, from: $0) })
            }
            return out
        }
    }

    /// Saves observations whose content changed, in one transaction (none: no write).
    public func saveObservations(_ changed: [StoredObservation]) throws(StoreError) {
        guard !changed.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try write { db in
            for o in changed {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO observation (site, reachable, since, observedAt, error, json) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [o.site, o.reachable, o.since.timeIntervalSince1970, o.observedAt.timeIntervalSince1970,
                                     o.error, try o.observation.map { try encoder.encode($0) }])
            }
        }
    }

    public func conditions() throws(StoreError) -> [StoredCondition] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM condition ORDER BY scope, name").compactMap { row in
                guard let scope = Condition.Scope(rawValue: row["scope"]), let status = Condition.Status(rawValue: row["status"]) else {
                    return nil
                }
                return StoredCondition(
                    condition: Condition(scope: scope, name: row["name"], status: status, reason: row["reason"], revision: row["revision"]),
                    since: Date(timeIntervalSince1970: row["since"]))
            }
        }
    }

    /// Writes conditions that changed and deletes those that no longer apply, in one
    /// transaction (none when both are empty). A condition keeps its `since` while its
    /// status stays the same.
    public func updateConditions(changed: [Condition], removed: [Condition]) throws(StoreError) {
        guard !changed.isEmpty || !removed.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try write { db in
            for c in changed {
                try db.execute(sql: """
                    INSERT INTO condition (scope, name, status, reason, revision, since) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (scope, name) DO UPDATE SET
                        since = CASE WHEN status = excluded.status THEN since ELSE excluded.since END,
                        status = excluded.status, reason = excluded.reason, revision = excluded.revision
                    """, arguments: [c.scope.rawValue, c.name, c.status.rawValue, c.reason, c.revision, now])
            }
            for c in removed {
                try db.execute(sql: "DELETE FROM condition WHERE scope = ? AND name = ?", arguments: [c.scope.rawValue, c.name])
            }
        }
    }

    public func addEvents(_ events: [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        try write { db in try Self.insert(events, into: db) }
    }

    static func insert(_ events: [Event], into db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO event (at, level, revision, site, resource, message) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for e in events {
            try statement.execute(arguments: [e.at.timeIntervalSince1970, e.level.rawValue, e.revision, e.site, e.resource, e.message])
        }
    }

    /// Events after `since` (an event id), oldest first.
    public func events(since: Int64 = 0, limit: Int = 1000) throws(StoreError) -> [Event] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE id > ? ORDER BY id LIMIT ?", arguments: [since, limit]).map { row in
                Event(id: row["id"], at: Date(timeIntervalSince1970: row["at"]), level: Event.Level(rawValue: row["level"]) ?? .info,
                      revision: row["revision"], site: row["site"], resource: row["resource"], message: row["message"])
            }
        }
    }

    /// The newest `limit` events, oldest first.
    public func latestEvents(limit: Int) throws(StoreError) -> [Event] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id DESC LIMIT ?", arguments: [limit]).reversed().map { row in
                Event(id: row["id"], at: Date(timeIntervalSince1970: row["at"]), level: Event.Level(rawValue: row["level"]) ?? .info,
                      revision: row["revision"], site: row["site"], resource: row["resource"], message: row["message"])
            }
        }
    }
}
