public import Foundation
public import GridModel

// The JSON the API answers with, one type per shape. `/api/v1/openapi.json` describes the
// same shapes; the tests check every response against it. Dates are ISO 8601 strings.

/// `GET /api/v1/status`.
public struct APIStatus: Codable, Sendable {
    public struct Revision: Codable, Sendable {
        public var sha: String
        public var message: String
        public var author: String
    }

    public struct Refused: Codable, Sendable {
        public var sha: String
        public var reason: String
    }

    public struct LastPass: Codable, Sendable {
        public var finishedAt: Date
        public var durationMs: Int
        public var converged: Bool
        public var actionsPlanned: Int
        public var actionsDone: Int
        public var actionsFailed: Int
        /// Why not converged, a line per reason (at most 20).
        public var notConverged: [String]
    }

    public struct Counts: Codable, Sendable {
        public var sites: Int
        /// Sites by condition: Ready, Progressing, Degraded, Offline, Stalled.
        public var sitesByCondition: [String: Int]
        public var services: Int
        public var servicesByCondition: [String: Int]
        public var gpus: Int
        public var gpusInUse: Int
        public var driftedResources: Int
        public var unplacedReplicas: Int
        public var activeRollouts: Int
    }

    /// The revision in force; nil before the first valid one.
    public var revision: Revision?
    /// The newest revision seen when it is not in force (invalid), and why.
    public var refused: Refused?
    /// The first pass has finished.
    public var ready: Bool
    public var lastPass: LastPass?
    public var counts: Counts
}

/// A GPU pool of a site: what it has and what is in use (by gridops and by others).
public struct APIGPUPool: Codable, Sendable {
    public var model: String
    public var capacity: Int
    public var inUse: Int
}

/// `GET /api/v1/sites` (`{"sites": [...]}`) and `GET /api/v1/sites/{name}`.
public struct APISite: Codable, Sendable {
    public struct Location: Codable, Sendable {
        public var lat: Double
        public var lon: Double
    }

    /// A resource the site runs (detail view only).
    public struct Resource: Codable, Sendable {
        /// `kind/tenant/name`.
        public var id: String
        public var kind: String
        public var tenant: String
        public var name: String
        public var managed: Bool
        /// ready, progressing, failed.
        public var status: String
    }

    public var name: String
    public var region: String
    /// factory, regional, edge.
    public var tier: String
    public var jurisdiction: String
    public var location: Location
    public var maintenance: Bool
    /// Ready, Progressing, Degraded, Offline, Stalled; "Unknown" before the first pass saw it.
    public var condition: String
    public var reason: String
    public var reachable: Bool
    public var gpus: [APIGPUPool]
    /// Tenants with something at this site.
    public var tenants: [String]
    /// Only in `GET /api/v1/sites/{name}`.
    public var resources: [Resource]?
}

public struct APISiteList: Codable, Sendable {
    public var sites: [APISite]
    public var metadata: APIListMeta
}

/// `GET /api/v1/tenants/{name}`.
public struct APITenant: Codable, Sendable {
    public var name: String
    public var priority: Int
    /// shared, dedicated.
    public var isolation: String
    /// GPUs allowed by model; absent: unlimited.
    public var quota: [String: Int]?
    /// GPUs placed by model (replicas × GPUs per replica, plus reserved cluster GPUs).
    public var gpusInUse: [String: Int]
    public var services: [String]
    public var clusters: [String]
}

/// One of `GET /api/v1/services` (`{"services": [...]}`).
public struct APIService: Codable, Sendable {
    public struct Placed: Codable, Sendable {
        public var site: String
        public var gpuModel: String
        public var replicas: Int
    }

    public var tenant: String
    public var name: String
    public var model: String
    public var version: String
    public var replicas: Int
    public var placedReplicas: Int
    public var unplacedReplicas: Int
    public var placement: [Placed]
    public var condition: String
    public var reason: String
    /// The phase of its latest rollout that is not over, if any: Progressing, Paused, Failed, Aborted.
    public var rollout: String?
}

public struct APIServiceList: Codable, Sendable {
    public var services: [APIService]
    public var metadata: APIListMeta
}

/// `GET /api/v1/placements`: the placement in force, filtered to the caller's tenant, in the
/// shapes of `gridops place --format json`. A page holds the assignments first, then the
/// reservations, then the unplaced entries: `limit` counts them together.
public struct APIPlacements: Codable, Sendable {
    public var revision: String?
    public var assignments: [Placement.Assignment]
    public var reservations: [Placement.Reservation]
    public var unplaced: [Placement.Unplaced]
    public var metadata: APIListMeta
}

/// `GET /api/v1/drift`: what the last pass found, filtered to the caller's tenant.
public struct APIDrift: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public struct Field: Codable, Sendable {
            public var field: String
            public var desired: String?
            public var observed: String?
        }

        public var site: String
        /// `kind/tenant/name`.
        public var resource: String
        public var tenant: String
        /// Missing, Modified, Orphan, Unmanaged.
        public var drift: String
        public var fields: [Field]
        /// heal, report.
        public var policy: String
        /// The next pass puts it back.
        public var healing: Bool
    }

    /// When the pass that found it finished; nil before the first pass.
    public var observedAt: Date?
    public var items: [Item]
    public var metadata: APIListMeta
}

/// One of `GET /api/v1/rollouts` (`{"rollouts": [...]}`): the latest rollout of each service.
public struct APIRollout: Codable, Sendable {
    public struct Wave: Codable, Sendable {
        public var sites: [String]
        public var started: Date?
        public var healthy: Date?
    }

    public var id: Int
    public var tenant: String
    public var service: String
    /// Progressing, Paused, Succeeded, Failed, Aborted, Superseded.
    public var phase: String
    /// 1-based: the wave going out now.
    public var wave: Int
    public var waves: [Wave]
    public var fromVersion: String
    public var toVersion: String
    public var revision: String
    public var pullRequest: Int?
    public var author: String
    public var message: String
    public var reason: String
    public var rolledBack: Bool
    public var created: Date
    public var updated: Date
}

public struct APIRolloutList: Codable, Sendable {
    public var rollouts: [APIRollout]
    public var metadata: APIListMeta
}

/// One of `GET /api/v1/previews` (`{"previews": [...]}`).
public struct APIPreview: Codable, Sendable {
    public var id: String
    public var ref: String
    public var base: String
    public var head: String
    public var at: Date
    public var valid: Bool
    public var errors: Int
    public var warnings: Int
    public var actions: Int
}

public struct APIPreviewList: Codable, Sendable {
    public var previews: [APIPreview]
}

/// `GET /api/v1/events?since=ID&limit=N`: events after `since`, oldest first; `next` is the
/// `since` to ask with next time.
public struct APIEvents: Codable, Sendable {
    public struct Event: Codable, Sendable {
        public var id: Int
        public var at: Date
        /// info, warning, error.
        public var level: String
        public var revision: String
        public var site: String
        public var resource: String
        public var message: String
    }

    public var events: [Event]
    public var next: Int
}

/// `POST /api/v1/reconcile` (202).
public struct APIReconcileRequested: Codable, Sendable {
    public var requested: Bool
}

/// Every 4xx and 5xx answer.
public struct APIError: Codable, Sendable {
    public var error: String
}
