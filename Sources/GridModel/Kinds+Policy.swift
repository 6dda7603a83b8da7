// Policies: how to place, and where workloads may never go.

public struct PlacementWeights: Sendable, Hashable {
    public var latencyPerMs: Double
    public var costPerGpuHour: Double
    public var movePerReplica: Double

    public static let `default` = PlacementWeights(latencyPerMs: 1, costPerGpuHour: 5, movePerReplica: 20)

    public init(latencyPerMs: Double, costPerGpuHour: Double, movePerReplica: Double) {
        self.latencyPerMs = latencyPerMs
        self.costPerGpuHour = costPerGpuHour
        self.movePerReplica = movePerReplica
    }
}

public struct PlacementPolicy: Sendable, Hashable {
    public var metadata: Metadata
    public var workloadClass: String
    public var workloadClassAt: SourceLocation
    public var tiers: [Tier]
    public var maxUtilization: Double
    public var weights: PlacementWeights

    public init(
        metadata: Metadata, workloadClass: String, workloadClassAt: SourceLocation, tiers: [Tier],
        maxUtilization: Double, weights: PlacementWeights
    ) {
        self.metadata = metadata
        self.workloadClass = workloadClass
        self.workloadClassAt = workloadClassAt
        self.tiers = tiers
        self.maxUtilization = maxUtilization
        self.weights = weights
    }
}

public enum Enforcement: String, Sendable, Hashable, CaseIterable {
    /// Never placed against the policy.
    case deny
    /// Placed, and reported.
    case warn
}

public struct CompliancePolicy: Sendable, Hashable {
    public enum Match: Sendable, Hashable {
        case tenantLabels([String: String])
        case tenants([Ref])
    }

    public var metadata: Metadata
    public var match: Match
    public var require: ComplianceRequirement?
    /// Sites carrying all of these labels are denied.
    public var denySiteLabels: [String: String]
    public var enforcement: Enforcement

    public init(
        metadata: Metadata, match: Match, require: ComplianceRequirement?,
        denySiteLabels: [String: String], enforcement: Enforcement
    ) {
        self.metadata = metadata
        self.match = match
        self.require = require
        self.denySiteLabels = denySiteLabels
        self.enforcement = enforcement
    }
}
