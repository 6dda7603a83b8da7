import Crypto
import Foundation

// What gridops puts at a site, what a site reports, and what the reconciler asks a site to do.

/// The kinds of resource gridops manages at a site.
public enum ResourceKind: String, Codable, Sendable, CaseIterable {
    case namespace
    case kubernetesCluster = "kubernetes-cluster"
    case slurmPartition = "slurm-partition"
    case deployment
    case networkQoS = "network-qos"

    /// Creation order at a site: a tenant's namespace first, then clusters and workloads,
    /// QoS rules last (they point at workloads). Deletion runs in the reverse order.
    public var applyOrder: Int {
        switch self {
        case .namespace: 0
        case .kubernetesCluster: 1
        case .slurmPartition: 2
        case .deployment: 3
        case .networkQoS: 4
        }
    }
}

/// A resource's identity at a site: `deployment/acme/chat`, `namespace/acme/acme`.
public struct ResourceID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var kind: ResourceKind
    public var tenant: String
    public var name: String

    public init(kind: ResourceKind, tenant: String, name: String) {
        self.kind = kind
        self.tenant = tenant
        self.name = name
    }

    /// Parses `kind/tenant/name`; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = ResourceKind(rawValue: String(parts[0])),
              !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(kind: kind, tenant: String(parts[1]), name: String(parts[2]))
    }

    public var description: String { "\(kind.rawValue)/\(tenant)/\(name)" }

    /// Apply order first, then by name: the order actions run at a site.
    public static func < (a: ResourceID, b: ResourceID) -> Bool {
        (a.kind.applyOrder, a.tenant, a.name) < (b.kind.applyOrder, b.tenant, b.name)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ResourceID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a resource id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A resource's spec: string fields. The canonical encoding (sorted keys, one `key=value`
/// line each, newlines escaped) is what the spec hash covers, so equal specs hash equal in
/// every process.
public struct ResourceSpec: Hashable, Codable, Sendable {
    public var fields: [String: String]

    public init(_ fields: [String: String] = [:]) {
        self.fields = fields
    }

    public subscript(key: String) -> String? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    public var canonical: String {
        fields.sorted { $0.key < $1.key }.map { "\(escape($0.key))=\(escape($0.value))\n" }.joined()
    }

    /// SHA-256 of the canonical encoding, as 64 hex digits.
    public var hash: String { Self.hash(ofCanonical: canonical) }

    /// SHA-256 of an encoding already made, as 64 hex digits.
    public static func hash(ofCanonical canonical: String) -> String {
        SHA256.hash(data: Array(canonical.utf8)).withUnsafeBytes { Hex.string($0) }
    }

    /// GPUs the resource holds, by model: the `gpus.<model>` fields.
    public var gpus: [String: Int] { Self.gpus(inCanonical: canonical) }

    /// The `gpus.<model>` lines of a canonical encoding, read without parsing the rest (GPU
    /// model names never need escaping).
    public static func gpus(inCanonical text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        while lineStart != bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: "gpus.".utf8), let eq = line.firstIndex(of: UInt8(ascii: "=")),
               let n = Int(Substring(line[line.index(after: eq)...])), n > 0 {
                out[String(Substring(line[line.index(lineStart, offsetBy: 5)..<eq])), default: 0] += n
            }
            lineStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
        }
        return out
    }

    /// The keys whose values differ between two specs, sorted.
    public func differingKeys(from other: ResourceSpec) -> [String] {
        Set(fields.keys).union(other.fields.keys).filter { fields[$0] != other.fields[$0] }.sorted()
    }

    /// Parses the canonical encoding back; the inverse of `canonical`.
    public init(canonical text: String) {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard line.contains("\\") else {
                if let eq = line.firstIndex(of: "=") {
                    fields[String(line[..<eq])] = String(line[line.index(after: eq)...])
                }
                continue
            }
            // Escaped: walk it, splitting at the first unescaped '='.
            var key = "", value = "", inValue = false, escaped = false
            for c in line {
                if escaped {
                    let plain: Character = c == "n" ? "\n" : c
                    if inValue { value.append(plain) } else { key.append(plain) }
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "=", !inValue {
                    inValue = true
                } else if inValue {
                    value.append(c)
                } else {
                    key.append(c)
                }
            }
            if inValue { fields[key] = value }
        }
        self.fields = fields
    }

    private func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\n" || $0 == "\\" || $0 == "=" }) else { return s }
        return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "=", with: "\\=")
    }
}

/// What should exist at a site.
public struct DesiredResource: Hashable, Sendable {
    public var id: ResourceID
    public var spec: ResourceSpec
    public var specHash: String

    public init(id: ResourceID, spec: ResourceSpec) {
        self.id = id
        self.spec = spec
        self.specHash = spec.hash
    }
}

/// What a site says it runs.
public struct ObservedResource: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case ready, progressing, failed
    }

    public var id: ResourceID
    /// The spec the site runs, in canonical encoding. Kept as text and parsed on demand:
    /// a pass observes every resource of every site but needs the fields of few.
    public var canonicalSpec: String
    /// The hash of the spec the site runs (recomputed by the site, so a change made out of band shows).
    public var specHash: String
    /// Labelled as gridops's own. Resources without the label are never touched.
    public var managed: Bool
    public var status: Status

    public init(id: ResourceID, canonicalSpec: String, specHash: String, managed: Bool, status: Status) {
        self.id = id
        self.canonicalSpec = canonicalSpec
        self.specHash = specHash
        self.managed = managed
        self.status = status
    }

    public init(id: ResourceID, spec: ResourceSpec, specHash: String, managed: Bool, status: Status) {
        self.init(id: id, canonicalSpec: spec.canonical, specHash: specHash, managed: managed, status: status)
    }

    public var spec: ResourceSpec { ResourceSpec(canonical: canonicalSpec) }

    /// GPUs the resource holds, by model, read from the `gpus.` lines alone.
    public var gpus: [String: Int] { ResourceSpec.gpus(inCanonical: canonicalSpec) }
}

/// One look at a site.
public struct SiteObservation: Hashable, Codable, Sendable {
    public let site: String
    public let healthy: Bool
    /// GPUs in use by model: ours and everyone else's.
    public let gpusUsed: [String: Int]
    public let resources: [ObservedResource]
    /// Measured round trips by user region, in milliseconds.
    public let latencies: [String: Double]
    /// GPUs in use by workloads gridops does not manage: total use less what our resources
    /// hold. Computed once here: placement reads it for every site at every pass.
    public let foreignGPUs: [String: Int]

    /// For a site that reports its total GPU use.
    public init(site: String, healthy: Bool, gpusUsed: [String: Int], resources: [ObservedResource], latencies: [String: Double] = [:]) {
        var ours: [String: Int] = [:]
        for r in resources where r.managed {
            for (model, n) in r.gpus { ours[model, default: 0] += n }
        }
        var foreign: [String: Int] = [:]
        for (model, used) in gpusUsed where used > ours[model, default: 0] {
            foreign[model] = used - ours[model, default: 0]
        }
        self.init(site: site, healthy: healthy, gpusUsed: gpusUsed, resources: resources, latencies: latencies, foreignGPUs: foreign)
    }

    /// For a site that knows the GPU use outside any resource it runs (`otherUse`): total
    /// and foreign use follow from its resources in one scan.
    public init(site: String, healthy: Bool, otherUse: [String: Int], resources: [ObservedResource], latencies: [String: Double] = [:]) {
        var used = otherUse, foreign = otherUse
        for r in resources {
            for (model, n) in r.gpus {
                used[model, default: 0] += n
                if !r.managed { foreign[model, default: 0] += n }
            }
        }
        self.init(site: site, healthy: healthy, gpusUsed: used, resources: resources, latencies: latencies,
                  foreignGPUs: foreign.filter { $0.value > 0 })
    }

    private init(site: String, healthy: Bool, gpusUsed: [String: Int], resources: [ObservedResource], latencies: [String: Double],
                 foreignGPUs: [String: Int]) {
        self.site = site
        self.healthy = healthy
        self.gpusUsed = gpusUsed
        self.resources = resources.sorted { $0.id < $1.id }
        self.latencies = latencies
        self.foreignGPUs = foreignGPUs
    }

    private enum CodingKeys: String, CodingKey {
        case site, healthy, gpusUsed, resources, latencies
    }

    /// Decoded through the initializer, so what it derives (order, foreign use) is never
    /// taken from the file.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(site: try c.decode(String.self, forKey: .site), healthy: try c.decode(Bool.self, forKey: .healthy),
                  gpusUsed: try c.decode([String: Int].self, forKey: .gpusUsed),
                  resources: try c.decode([ObservedResource].self, forKey: .resources),
                  latencies: try c.decodeIfPresent([String: Double].self, forKey: .latencies) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(site, forKey: .site)
        try c.encode(healthy, forKey: .healthy)
        try c.encode(gpusUsed, forKey: .gpusUsed)
        try c.encode(resources, forKey: .resources)
        try c.encode(latencies, forKey: .latencies)
    }
}

/// What the reconciler asks a site to do.
public struct SiteAction: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Verb: String, Codable, Sendable {
        case create, update, delete
    }

    public var verb: Verb
    public var id: ResourceID
    /// The spec to run; empty for a delete.
    public var spec: ResourceSpec
    /// The hash of `spec`; for a delete, the hash of what is being deleted.
    public var specHash: String

    public init(verb: Verb, id: ResourceID, spec: ResourceSpec, specHash: String) {
        self.verb = verb
        self.id = id
        self.spec = spec
        self.specHash = specHash
    }

    /// The same action on the same spec at the same site always carries the same key, so a
    /// driver can recognise a repeat after a crash or a retry.
    public func idempotencyKey(site: String) -> String {
        ResourceSpec(["site": site, "id": id.description, "verb": verb.rawValue, "hash": specHash]).hash
    }

    public var description: String { "\(verb.rawValue) \(id)" }
}

extension SiteAction.Verb {
    /// How plans and previews mark it: `+` create, `~` update, `-` delete.
    public var symbol: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        }
    }
}

/// The drift policy: `heal` puts drifted resources back at the next pass, `report` only reports.
public enum DriftPolicy: String, Codable, Sendable, Hashable, CaseIterable {
    case heal, report
}

/// What the store remembers of the last successful apply of a resource at a site.
public struct AppliedRecord: Sendable, Hashable {
    public var specHash: String
    public var revision: String

    public init(specHash: String, revision: String) {
        self.specHash = specHash
        self.revision = revision
    }
}

/// The state of a site or a service, as `gridops status` shows it.
public struct Condition: Sendable, Hashable, Codable {
    public enum Scope: String, Sendable, Codable {
        case site, service
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Everything desired runs as desired.
        case ready = "Ready"
        /// Actions are pending or in flight.
        case progressing = "Progressing"
        /// Some of it could not be done: replicas unplaced, actions failed after their retries.
        case degraded = "Degraded"
        /// The site does not answer; its resources are kept.
        case offline = "Offline"
        /// Needs a person: the reason says what. Not retried until the inputs change.
        case stalled = "Stalled"
    }

    public var scope: Scope
    /// A site name, or `tenant/service`.
    public var name: String
    public var status: Status
    public var reason: String
    /// The revision the condition was computed for.
    public var revision: String

    public init(scope: Scope, name: String, status: Status, reason: String, revision: String) {
        self.scope = scope
        self.name = name
        self.status = status
        self.reason = reason
        self.revision = revision
    }
}
