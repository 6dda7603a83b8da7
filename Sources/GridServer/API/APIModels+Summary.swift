public import Foundation

// The list metadata every list answers, and the aggregates the dashboard polls instead of the
// lists: `/api/v1/summary` and `/api/v1/map`. Their schemas are in `OpenAPIDocument+SummarySchemas.swift`.

/// `metadata` of a list: how to get the rest.
public struct APIListMeta: Codable, Sendable, Equatable {
    /// Pass as `continue` for the next page; absent on the last page.
    public var `continue`: String?
    /// Items after this page, with the same filters; absent on the last page.
    public var remainingItemCount: Int?
}

/// `GET /api/v1/summary`: counts and capacity by condition, tier, GPU model, region and tenant,
/// computed once per pass. A tenant token gets its services and its own share only.
public struct APISummary: Codable, Sendable {
    /// GPUs and sites of a group.
    public struct Capacity: Codable, Sendable, Equatable {
        public var sites: Int
        public var capacity: Int
        public var inUse: Int
    }

    /// What a tenant runs.
    public struct TenantShare: Codable, Sendable, Equatable {
        public var name: String
        public var services: Int
        public var placedReplicas: Int
        public var unplacedReplicas: Int
        /// GPUs its placed replicas and reserved clusters take.
        public var gpus: Int
    }

    /// The revision in force; nil before the first valid one.
    public var revision: String?
    /// When the pass these figures come from finished; nil before the first pass.
    public var observedAt: Date?
    /// Sites and their GPUs, overall and by group (admin only).
    public var sites: Capacity?
    public var byCondition: [String: Capacity]?
    public var byTier: [String: Capacity]?
    public var byModel: [String: Capacity]?
    public var byRegion: [String: Capacity]?
    public var services: Int
    public var servicesByCondition: [String: Int]
    public var placedReplicas: Int
    public var unplacedReplicas: Int
    public var driftedResources: Int
    /// Tenants the caller sees.
    public var tenantCount: Int
    /// The tenants with the most GPUs, at most `topTenants`; the rest are summed in `otherTenants`.
    public var tenants: [TenantShare]
    public var otherTenants: TenantShare?
}

/// `GET /api/v1/map?zoom=Z&bbox=W,S,E,N`: the sites in cells of the map, for drawing one marker
/// per cell at any size of grid.
public struct APIMap: Codable, Sendable {
    public struct Cell: Codable, Sendable, Equatable {
        /// Where to draw it: the mean position of the sites of its biggest cell.
        public var lat: Double
        public var lon: Double
        public var sites: Int
        public var byCondition: [String: Int]
        public var gpus: Int
        public var gpusInUse: Int
        /// The site's name when the cell holds one site.
        public var site: String?
    }

    public var zoom: Int
    /// The side of a cell in degrees; no two cells are closer.
    public var cellDegrees: Double
    /// Sites in the box asked for (all sites without `bbox`).
    public var sites: Int
    public var cells: [Cell]
}
