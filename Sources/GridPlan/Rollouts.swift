public import Foundation
public import GridModel

/// Rollouts, pure: which services a commit changes, the waves they go out in, the health gate
/// between waves, and what each site runs meanwhile. The reconciler keeps them in the store
/// and drives them; `gridops plan --base --head` shows the same waves.
public enum Rollouts {
    /// The deployment fields a rollout changes: every field but where the replicas go
    /// (`replicas`, `replicas.<model>`, `gpus.<model>`), which placement decides at once.
    public static func template(of spec: ResourceSpec) -> ResourceSpec {
        ResourceSpec(spec.fields.filter { !isPlacementField($0.key) })
    }

    /// The template a service's deployments are rendered from.
    public static func template(of service: ModelService) -> ResourceSpec {
        ResourceSpec([
            "model": service.modelName,
            "version": service.modelVersion,
            "workloadClass": service.workloadClass.name,
            "gpuPerReplica": String(service.gpusPerReplica),
        ])
    }

    /// `spec` with its template fields replaced by `template`'s (canonical encoding).
    public static func spec(_ spec: ResourceSpec, withTemplate template: String) -> ResourceSpec {
        var fields = spec.fields.filter { isPlacementField($0.key) }
        for (key, value) in ResourceSpec(canonical: template).fields { fields[key] = value }
        return ResourceSpec(fields)
    }

    private static func isPlacementField(_ key: String) -> Bool {
        key == "replicas" || key.hasPrefix("replicas.") || key.hasPrefix("gpus.")
    }

    /// A service whose template a commit changes.
    public struct Change: Sendable, Hashable {
        public var service: ModelService
        public var from: ResourceSpec
        public var to: ResourceSpec

        /// The service's deployment, as sites run it.
        public var deployment: ResourceID {
            ResourceID(kind: .deployment, tenant: service.metadata.tenant?.name ?? "", name: service.metadata.name)
        }
    }

    /// The services of `new` whose template differs from `old`'s, by qualified name. A
    /// service new in `new` has nothing to roll out from: it is created everywhere at once.
    ///
    /// - Parameter positions: when known, the only positions where `new`'s services differ
    ///   from `old`'s (`LoadResult.edits`): only those are looked at.
    public static func changes(from old: ManifestSet, to new: ManifestSet, positions: [Int]? = nil) -> [Change] {
        func same(_ a: ModelService, _ b: ModelService) -> Bool {
            a.metadata.name == b.metadata.name && a.metadata.tenant?.name == b.metadata.tenant?.name
        }
        func change(_ previous: ModelService, _ service: ModelService) -> Change? {
            // The template's fields compared as they are: a commit of 100,000 services changes few.
            guard previous.modelName != service.modelName || previous.modelVersion != service.modelVersion
                || previous.workloadClass.name != service.workloadClass.name || previous.gpusPerReplica != service.gpusPerReplica
            else { return nil }
            return Change(service: service, from: template(of: previous), to: template(of: service))
        }
        // Both revisions list services in file order: pair them by position, and look up by
        // name only those a commit added, removed or moved.
        var out: [Change] = []
        if let positions {
            for i in positions {
                if let c = change(old.modelServices[i], new.modelServices[i]) { out.append(c) }
            }
            return out.sorted { $0.service.metadata.qualifiedName < $1.service.metadata.qualifiedName }
        }
        var unpaired: [ModelService] = []
        for (i, service) in new.modelServices.enumerated() {
            if i < old.modelServices.count, same(old.modelServices[i], service) {
                if let c = change(old.modelServices[i], service) { out.append(c) }
            } else {
                unpaired.append(service)
            }
        }
        if !unpaired.isEmpty {
            var before: [String: ModelService] = [:]
            for s in old.modelServices { before[s.metadata.qualifiedName] = s }
            for service in unpaired {
                if let previous = before[service.metadata.qualifiedName], let c = change(previous, service) { out.append(c) }
            }
        }
        return out.sorted { $0.service.metadata.qualifiedName < $1.service.metadata.qualifiedName }
    }

    /// The order sites receive a change in: first the canary, the site running the fewest of
    /// the service's replicas (ties: by name), so a bad version reaches as little as possible
    /// first; then the others by name.
    public static func order(replicasBySite: [String: Int]) -> [String] {
        guard let canary = replicasBySite.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { return [] }
        return [canary] + replicasBySite.keys.filter { $0 != canary }.sorted()
    }

    /// Cuts ordered sites into waves: `"N"` takes N more sites, `"N%"` covers N% of them in
    /// all (rounded up, at least one more). Sites left after the last wave form one more.
    public static func waves(_ sites: [String], _ spec: [RolloutSpec.Wave]) -> [[String]] {
        var out: [[String]] = []
        var done = 0
        for wave in spec where done < sites.count {
            let upTo = switch wave {
            case .sites(let n): min(sites.count, done + n)
            case .percent(let p): min(sites.count, max(done + 1, (sites.count * p + 99) / 100))
            }
            out.append(Array(sites[done..<upTo]))
            done = upTo
        }
        if done < sites.count { out.append(Array(sites[done...])) }
        return out
    }

    /// Replicas of each deployment by site, from a rendering: of `only` these when given.
    public static func replicasBySite(_ desired: DesiredState, only: Set<ResourceID>? = nil) -> [ResourceID: [String: Int]] {
        var out: [ResourceID: [String: Int]] = [:]
        if only?.isEmpty == true { return out }
        for (site, resources) in desired.sites {
            for r in resources where r.id.kind == .deployment && only?.contains(r.id) != false {
                out[r.id, default: [:]][site] = Int(r.spec["replicas"] ?? "") ?? 0
            }
        }
        return out
    }

    /// `desired` with the deployments of `rollouts` on the template each site should run now.
    public static func applying(_ rollouts: [ServiceRollout], to desired: DesiredState) -> DesiredState {
        guard !rollouts.isEmpty else { return desired }
        // One walk over the desired resources, however many services roll out.
        var rolling: [ResourceID: (rollout: ServiceRollout, reached: Set<String>)] = [:]
        for r in rollouts { rolling[ResourceID(kind: .deployment, tenant: r.tenant, name: r.service)] = (r, r.reachedSites) }
        var out = desired
        for (site, resources) in desired.sites {
            for (i, resource) in resources.enumerated() where resource.id.kind == .deployment {
                guard let (rollout, reached) = rolling[resource.id],
                      let template = rollout.template(at: site, reached: reached) else { continue }
                let spec = spec(resource.spec, withTemplate: template)
                if spec != resource.spec { out.sites[site]?[i] = DesiredResource(id: resource.id, spec: spec) }
            }
        }
        return out
    }

    /// What the health gate says of a progressing rollout.
    public enum Verdict: Sendable, Equatable {
        /// Some reached site is not yet running the new template healthily: the reason says which.
        case waiting(String)
        /// Every reached site is healthy: start the next wave (or finish).
        case healthy
        /// A reached site reports the new template unhealthy, or the wave ran out of time.
        case failed(String)
    }

    /// The health gate: every site the rollout has reached (that still runs the service)
    /// must report the deployment on the new template, ready. One that reports it failed
    /// fails the rollout at once; one that is not ready by `healthTimeout` after its wave
    /// started fails it then. `observed` gives what a site reported this pass (nil: it did not answer).
    public static func gate(_ rollout: ServiceRollout, desired: DesiredState, now: Date,
                            observed: (String) -> SiteObservation?) -> Verdict {
        let id = ResourceID(kind: .deployment, tenant: rollout.tenant, name: rollout.service)
        let waveNumber = rollout.wave + 1
        var pending: String?
        for wave in rollout.waves where wave.started != nil {
            for site in wave.sites where desired.sites[site]?.contains(where: { $0.id == id }) == true {
                guard let observation = observed(site) else {
                    pending = pending ?? "\(site) does not answer"
                    continue
                }
                guard let resource = observation.resources.first(where: { $0.id == id }),
                      template(of: resource.spec).canonical == rollout.toTemplate else {
                    pending = pending ?? "\(site) does not run the new version yet"
                    continue
                }
                switch resource.status {
                case .ready: continue
                case .failed:
                    return .failed("wave \(waveNumber): \(id) is unhealthy at \(site) (\(versionText(rollout.toTemplate)))")
                case .progressing: pending = pending ?? "\(site) is not ready yet"
                }
            }
        }
        guard let pending else { return .healthy }
        let started = rollout.waves[rollout.wave].started ?? rollout.created
        let waited = now.timeIntervalSince(started)
        if waited * 1000 >= Double(rollout.healthTimeout.milliseconds) {
            return .failed("wave \(waveNumber) not healthy after \(rollout.healthTimeout): \(pending)")
        }
        return .waiting(pending)
    }

    /// `model version` of a template, for messages.
    public static func versionText(_ template: String) -> String {
        let spec = ResourceSpec(canonical: template)
        return [spec["model"], spec["version"]].compactMap { $0 }.joined(separator: " ")
    }
}

extension ServiceRollout {
    /// Moves on after a healthy gate: the next wave starts, or the rollout succeeds.
    public mutating func advance(at now: Date) {
        waves[wave].healthy = now
        updated = now
        if wave + 1 < waves.count {
            wave += 1
            waves[wave].started = now
        } else {
            phase = .succeeded
            reason = ""
            finished = now
        }
    }
}
