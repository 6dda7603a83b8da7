import GridModel
import GridPlan
import Testing

@Suite struct SiteDiffTests {
    let ns = DesiredResource(id: ResourceID(kind: .namespace, tenant: "acme", name: "acme"), spec: ResourceSpec(["tenant": "acme"]))
    let chat = DesiredResource(id: ResourceID(kind: .deployment, tenant: "acme", name: "chat"),
                               spec: ResourceSpec(["model": "llama", "replicas": "2", "gpus.H100": "2"]))
    let qos = DesiredResource(id: ResourceID(kind: .networkQoS, tenant: "acme", name: "ingress"), spec: ResourceSpec(["class": "realtime"]))

    func observed(_ d: DesiredResource, spec: ResourceSpec? = nil, managed: Bool = true) -> ObservedResource {
        let s = spec ?? d.spec
        return ObservedResource(id: d.id, spec: s, specHash: s.hash, managed: managed, status: .ready)
    }

    func applied(_ resources: DesiredResource...) -> [ResourceID: AppliedRecord] {
        Dictionary(uniqueKeysWithValues: resources.map { ($0.id, AppliedRecord(specHash: $0.specHash, revision: "r1")) })
    }

    func diff(_ desired: [DesiredResource], _ observed: [ObservedResource], _ applied: [ResourceID: AppliedRecord] = [:],
              policy: DriftPolicy = .heal) -> SitePlan {
        SiteDiff.diff(site: "s", desired: desired.sorted { $0.id < $1.id }, observed: observed, applied: applied, policy: { _ in policy })
    }

    @Test func createsInApplyOrderAndDeletesInReverse() {
        let plan = diff([qos, chat, ns], [])
        #expect(plan.ensure.map(\.id.kind) == [.namespace, .deployment, .networkQoS])
        #expect(plan.ensure.allSatisfy { $0.verb == .create })

        let gone = diff([], [observed(ns), observed(chat), observed(qos)], applied(ns, chat, qos))
        #expect(gone.remove.map(\.id.kind) == [.networkQoS, .deployment, .namespace])
        #expect(gone.drift.isEmpty, "deleting what gridops applied and git no longer wants is not drift")
    }

    @Test func unchangedResourcesNeedNothing() {
        let plan = diff([ns, chat], [observed(ns), observed(chat)], applied(ns, chat))
        #expect(plan.isEmpty)
        #expect(plan.unchanged == 2)
        #expect(plan.drift.isEmpty)
    }

    @Test func newRevisionIsAnUpdateWithItsFields() {
        var next = chat
        next.spec["replicas"] = "3"
        next.specHash = next.spec.hash
        let plan = diff([next], [observed(chat)], applied(chat))
        #expect(plan.ensure.map(\.verb) == [.update])
        #expect(plan.changes[chat.id] == [DriftItem.Field(field: "replicas", desired: "3", observed: "2")])
        #expect(plan.drift.isEmpty)
    }

    @Test func aShrinkingDeploymentRunsWithTheDeletions() {
        var smaller = chat
        smaller.spec["replicas"] = "1"
        smaller.specHash = smaller.spec.hash
        let plan = diff([ns, smaller], [observed(ns), observed(chat)], applied(ns, chat))
        #expect(plan.ensure.isEmpty)
        #expect(plan.remove.map(\.verb) == [.update], "after the service has grown elsewhere")
    }

    @Test func deletedOutOfBandIsMissingAndHealedOrReported() {
        let heal = diff([ns, chat], [observed(ns)], applied(ns, chat))
        #expect(heal.drift.map(\.kind) == [.missing])
        #expect(heal.ensure.map(\.verb) == [.create])

        let report = diff([ns, chat], [observed(ns)], applied(ns, chat), policy: .report)
        #expect(report.drift.map(\.kind) == [.missing])
        #expect(report.drift[0].healing == false)
        #expect(report.isEmpty)
    }

    @Test func neverAppliedAndAbsentIsAPlainCreateNotDrift() {
        let plan = diff([chat], [], [:], policy: .report)
        #expect(plan.drift.isEmpty)
        #expect(plan.ensure.map(\.verb) == [.create])
    }

    @Test func changedOutOfBandIsModifiedWithTheFieldsThatDiffer() {
        var edited = chat.spec
        edited["replicas"] = "9"
        let heal = diff([chat], [observed(chat, spec: edited)], applied(chat))
        #expect(heal.drift.map(\.kind) == [.modified])
        #expect(heal.drift[0].fields == [DriftItem.Field(field: "replicas", desired: "2", observed: "9")])
        #expect(heal.actions.map(\.verb) == [.update])

        let report = diff([chat], [observed(chat, spec: edited)], applied(chat), policy: .report)
        #expect(report.drift.map(\.kind) == [.modified])
        #expect(report.isEmpty)
    }

    @Test func aNewRevisionIsAppliedEvenUnderReport() {
        var edited = chat.spec
        edited["replicas"] = "9"
        var next = chat
        next.spec["version"] = "2"
        next.specHash = next.spec.hash
        let plan = diff([next], [observed(chat, spec: edited)], applied(chat), policy: .report)
        #expect(plan.drift.map(\.kind) == [.modified])
        #expect(plan.actions.map(\.verb) == [.update], "git changed: the commit is applied, the drift is reported")
    }

    @Test func labelledAsOursButNeverAppliedIsOrphan() {
        let heal = diff([], [observed(chat)])
        #expect(heal.drift.map(\.kind) == [.orphan])
        #expect(heal.remove.map(\.verb) == [.delete])

        let report = diff([], [observed(chat)], policy: .report)
        #expect(report.drift.map(\.kind) == [.orphan])
        #expect(report.isEmpty)
    }

    @Test func unmanagedIsReportedNeverTouchedAndBlocksItsName() {
        let foreign = diff([], [observed(chat, managed: false)])
        #expect(foreign.drift.map(\.kind) == [.unmanaged])
        #expect(foreign.isEmpty)

        let clash = diff([chat], [observed(chat, spec: ResourceSpec(["other": "x"]), managed: false)])
        #expect(clash.blocked == [chat.id])
        #expect(clash.isEmpty)
    }
}

@Suite struct ResourceSpecTests {
    @Test func hashCoversCanonicalEncoding() {
        let a = ResourceSpec(["b": "2", "a": "1"])
        let b = ResourceSpec(["a": "1", "b": "2"])
        #expect(a.hash == b.hash)
        #expect(a.hash.count == 64)
        #expect(ResourceSpec(["a": "1=b"]).hash != ResourceSpec(["a=1": "b"]).hash)
        #expect(ResourceSpec(["a": "1\nb=2"]).hash != ResourceSpec(["a": "1", "b": "2"]).hash)
        #expect(ResourceSpec(["a": "1"]).hash != ResourceSpec(["a": "2"]).hash)
    }

    @Test func gpusAreTheGpuFields() {
        let spec = ResourceSpec(["gpus.H100": "4", "gpus.L4": "0", "replicas.H100": "2", "gpus.bad": "x"])
        #expect(spec.gpus == ["H100": 4])
    }

    @Test func resourceIDsRoundTrip() {
        let id = ResourceID(kind: .slurmPartition, tenant: "acme", name: "train.debug")
        #expect(ResourceID(id.description) == id)
        #expect(ResourceID("deployment/acme") == nil)
        #expect(ResourceID("pod/acme/x") == nil)
        #expect(ResourceID("deployment//x") == nil)
    }

    @Test func foreignGpusExcludeOurs() {
        let ours = ObservedResource(id: ResourceID(kind: .deployment, tenant: "a", name: "x"), spec: ResourceSpec(["gpus.H100": "3"]),
                                    specHash: "", managed: true, status: .ready)
        let theirs = ObservedResource(id: ResourceID(kind: .deployment, tenant: "b", name: "y"), spec: ResourceSpec(["gpus.H100": "2"]),
                                      specHash: "", managed: false, status: .ready)
        let o = SiteObservation(site: "s", healthy: true, gpusUsed: ["H100": 7, "L4": 1], resources: [ours, theirs])
        #expect(o.foreignGPUs == ["H100": 4, "L4": 1])
    }
}

@Suite struct CanonicalEncodingTests {
    @Test(arguments: [
        ["a": "1", "b": "2"],
        ["k=y": "v=w", "back\\slash": "new\nline", "": "empty key", "e": ""],
        ["gpus.H100": "4", "unicode": "ü ✓ 東京"],
    ])
    func canonicalRoundTrips(_ fields: [String: String]) {
        let spec = ResourceSpec(fields)
        #expect(ResourceSpec(canonical: spec.canonical) == spec)
    }
}
