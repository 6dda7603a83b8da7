/// The output of placement, in the fixed JSON shape tools read (`gridops place --format json`).
/// It is also the input `--current` takes: the placement running now.
public struct Placement: Codable, Sendable, Equatable {
    public struct Assignment: Codable, Sendable, Hashable {
        public var tenant: String
        public var service: String
        public var region: String
        public var site: String
        public var gpuModel: String
        public var replicas: Int
        public var rttMs: Double
        public var costPerHour: Double

        public init(tenant: String, service: String, region: String, site: String, gpuModel: String,
                    replicas: Int, rttMs: Double, costPerHour: Double) {
            self.tenant = tenant
            self.service = service
            self.region = region
            self.site = site
            self.gpuModel = gpuModel
            self.replicas = replicas
            self.rttMs = rttMs
            self.costPerHour = costPerHour
        }
    }

    public struct Reservation: Codable, Sendable, Hashable {
        public var tenant: String
        public var kind: String
        public var name: String
        public var site: String
        public var gpuModel: String
        public var gpus: Int

        public init(tenant: String, kind: String, name: String, site: String, gpuModel: String, gpus: Int) {
            self.tenant = tenant
            self.kind = kind
            self.name = name
            self.site = site
            self.gpuModel = gpuModel
            self.gpus = gpus
        }
    }

    public struct Unplaced: Codable, Sendable, Hashable {
        public var tenant: String
        /// The ModelService, or the cluster's name for a KubernetesCluster or SlurmCluster.
        public var service: String
        /// The user region; empty for a cluster.
        public var region: String
        /// Replicas not placed; for a cluster, the GPUs it could not reserve.
        public var replicas: Int
        /// Why, in words a tenant understands.
        public var reason: String

        public init(tenant: String, service: String, region: String, replicas: Int, reason: String) {
            self.tenant = tenant
            self.service = service
            self.region = region
            self.replicas = replicas
            self.reason = reason
        }
    }

    public var revision: String?
    /// The total cost being minimized (see docs/placement.md).
    public var objective: Double
    public var assignments: [Assignment]
    public var reservations: [Reservation]
    public var unplaced: [Unplaced]

    public init(revision: String?, objective: Double, assignments: [Assignment], reservations: [Reservation], unplaced: [Unplaced]) {
        self.revision = revision
        self.objective = objective
        self.assignments = assignments
        self.reservations = reservations
        self.unplaced = unplaced
    }

    public var placedReplicas: Int { assignments.reduce(0) { $0 + $1.replicas } }
    public var unplacedReplicas: Int { unplaced.reduce(0) { $0 + $1.replicas } }
}

/// What the sites report that placement must respect: GPU use that is not ours, measured
/// round trips, and sites that are offline. The JSON shape `--observed` reads.
public struct ObservedSnapshot: Codable, Sendable, Equatable {
    public struct PoolUse: Codable, Sendable, Equatable {
        public var site: String
        public var gpuModel: String
        /// GPUs in use in this pool by workloads gridops does not manage.
        public var used: Int

        public init(site: String, gpuModel: String, used: Int) {
            self.site = site
            self.gpuModel = gpuModel
            self.used = used
        }
    }

    public struct Latency: Codable, Sendable, Equatable {
        public var region: String
        public var site: String
        /// Measured round trip; replaces the estimate for this pair.
        public var rttMs: Double

        public init(region: String, site: String, rttMs: Double) {
            self.region = region
            self.site = site
            self.rttMs = rttMs
        }
    }

    public var pools: [PoolUse]
    public var latencies: [Latency]
    public var offline: [String]

    public init(pools: [PoolUse] = [], latencies: [Latency] = [], offline: [String] = []) {
        self.pools = pools
        self.latencies = latencies
        self.offline = offline
    }

    /// Every key is optional: a snapshot may report only some of it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pools = try c.decodeIfPresent([PoolUse].self, forKey: .pools) ?? []
        latencies = try c.decodeIfPresent([Latency].self, forKey: .latencies) ?? []
        offline = try c.decodeIfPresent([String].self, forKey: .offline) ?? []
    }

    public static let empty = ObservedSnapshot()
}

// MARK: Checking input files

extension ObservedSnapshot {
    /// What is wrong with a snapshot read from a file, each naming the entry; empty when
    /// usable. Bounds keep arithmetic far from overflow whatever a file says.
    public func problems() -> [String] {
        var found: [String] = []
        for (i, pool) in pools.enumerated() where !(0...10_000_000).contains(pool.used) {
            found.append("pools[\(i)].used must be between 0 and 10000000, found \(pool.used)")
        }
        for (i, latency) in latencies.enumerated() where !(latency.rttMs.isFinite && latency.rttMs >= 0 && latency.rttMs <= 1_000_000) {
            found.append("latencies[\(i)].rttMs must be a finite number of milliseconds >= 0, found \(latency.rttMs)")
        }
        return found
    }
}

extension Placement {
    /// What is wrong with a placement read as `--current`, each naming the entry.
    public func problems() -> [String] {
        var found: [String] = []
        for (i, a) in assignments.enumerated() where !(0...1_000_000).contains(a.replicas) {
            found.append("assignments[\(i)].replicas must be between 0 and 1000000, found \(a.replicas)")
        }
        for (i, r) in reservations.enumerated() where !(0...10_000_000).contains(r.gpus) {
            found.append("reservations[\(i)].gpus must be between 0 and 10000000, found \(r.gpus)")
        }
        return found
    }
}

/// A placement that a `warn` CompliancePolicy objects to: placed anyway, and reported.
public struct ComplianceFinding: Codable, Sendable, Hashable {
    public var policy: String
    public var tenant: String
    public var service: String
    public var site: String
    public var reason: String

    public init(policy: String, tenant: String, service: String, site: String, reason: String) {
        self.policy = policy
        self.tenant = tenant
        self.service = service
        self.site = site
        self.reason = reason
    }
}

extension Placement {
    /// The positions of one service's assignments, by two binary searches: assignments are
    /// in placement's order (tenant, service, region, site, model), as placement writes them
    /// and the store reads them.
    public func assignmentRange(tenant: String, service: String) -> Range<Int> {
        assignments.partitionPoint { ($0.tenant, $0.service) < (tenant, service) }
            ..< assignments.partitionPoint { ($0.tenant, $0.service) <= (tenant, service) }
    }

    /// The positions of one service's unplaced entries (in the order placement writes them:
    /// tenant, service, region, reason).
    public func unplacedRange(tenant: String, service: String) -> Range<Int> {
        unplaced.partitionPoint { ($0.tenant, $0.service) < (tenant, service) }
            ..< unplaced.partitionPoint { ($0.tenant, $0.service) <= (tenant, service) }
    }
}

extension Placement {
    /// Whether two placements put the same replicas and reservations in the same places
    /// (what the sites are asked to run), whatever their objective or unplaced reasons say.
    public func sameAnswer(as other: Placement) -> Bool {
        assignments == other.assignments && reservations == other.reservations
    }
}
