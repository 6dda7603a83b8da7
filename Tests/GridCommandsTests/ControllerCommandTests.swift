import Foundation
import GridDrivers
import GridModel
import GridStore
import GridTestSupport
import Testing

/// The controller commands as a user and an init system run them: real processes, a real
/// repository, the store and the simulated world on disk.
@Suite struct ControllerCommandTests {
    func gridops(_ args: [String], state: TemporaryDirectory, env: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(gridopsExecutable, args + ["--state", state.path], environment: env)
    }

    /// Every created resource was created once, and no call repeated one already made.
    func expectNoDuplicateSideEffects(_ state: TemporaryDirectory, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let calls = try SimulatedWorld(path: state.path + "/world.sqlite").calls()
        let created = calls.filter { $0.effect == "created" }.map { "\($0.site) \($0.resource)" }
        #expect(Set(created).count == created.count, "a resource was created twice", sourceLocation: sourceLocation)
        #expect(!calls.contains { $0.effect == "noop" }, "a call repeated one already made: \(calls.filter { $0.effect == "noop" })",
                sourceLocation: sourceLocation)
    }

    static let crashPoints: [(String, Int)] =
        [1, 2, 5, 9, 14].map { ("after-intents", $0) } + [1, 10, 25, 40, 63].map { ("before-call", $0) }
        + [1, 10, 25, 40, 63].map { ("after-call", $0) } + [1, 2, 5, 9, 14].map { ("after-outcomes", $0) }

    @Test(arguments: crashPoints)
    func killedMidApplyRestartsConvergedWithNothingRepeatedOrLost(point: String, hit: Int) throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-crash")
        let crashed = try gridops(["apply", "--repo", repo.path], state: state, env: ["GRIDOPS_CRASH_AT": "\(point):\(hit)"])
        #expect(crashed.signaled && crashed.status == SIGKILL, "expected kill -9 at \(point):\(hit), got \(crashed.status)")

        let resumed = try gridops(["apply", "--repo", repo.path], state: state)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        try expectNoDuplicateSideEffects(state)

        // Nothing lost: the plan is empty and every intent is closed.
        let plan = try gridops(["plan", "--repo", repo.path, "--format", "json"], state: state)
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Int])
        #expect(summary["create"] == 0 && summary["update"] == 0 && summary["delete"] == 0, "\(summary)")
        #expect(try GridStore(directory: state.path).openIntents().isEmpty)
    }

    @Test func badCommitAfterGoodOneApplyStatusAndPlanSayWhy() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path], state: state).status == 0)
        var files = try Fixtures.bundledGrid()
        files["manifests/grid.yaml"] = files["manifests/grid.yaml"]!.replacingOccurrences(of: "latencyModel:", with: "latencyModel: [")
        let bad = try repo.commit(files, message: "break the grid")

        let apply = try gridops(["apply", "--repo", repo.path], state: state)
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("manifests/grid.yaml:"))
        #expect(apply.stderr.contains("not applied"))

        let status = try gridops(["status"], state: state)
        #expect(status.stdout.contains("Newest revision \(bad.prefix(12)) is not in force: "))
        #expect(status.stdout.contains("error(s); first: manifests/grid.yaml:24:3: did not find expected ','"))
        let plan = try gridops(["plan", "--repo", repo.path], state: state)
        #expect(plan.status == 1)
        #expect(plan.stdout.contains("is not applied"))
        #expect(plan.stdout.contains("Plan: 0 to create, 0 to update, 0 to delete"))
    }

    @Test func driftIsReportedThenHealed() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path], state: state).status == 0)
        #expect(try gridops(["drift", "--repo", repo.path], state: state).status == 0)

        let world = try SimulatedWorld(path: state.path + "/world.sqlite")
        let (site, resource) = try #require(try world.resources(site: nil).first { $0.resource.id.kind == .deployment })
        let changed = try gridops(["sim", "drift", "--site", site, "--resource", resource.id.description, "--set", "version=9.9.9"], state: state)
        #expect(changed.status == 0, "\(changed.stderr)")

        let drift = try gridops(["drift", "--repo", repo.path, "--format", "json"], state: state)
        #expect(drift.status == 3)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(drift.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["kind"] as? String == "Modified")
        #expect((items.first?["fields"] as? [[String: Any]])?.first?["observed"] as? String == "9.9.9")
        let markdown = try gridops(["drift", "--repo", repo.path, "--format", "markdown"], state: state)
        #expect(markdown.stdout.contains("| \(site) |"))

        #expect(try gridops(["apply", "--repo", repo.path], state: state).status == 0)
        #expect(try gridops(["drift", "--repo", repo.path], state: state).stdout == "No drift.\n")
    }

    @Test func anOfflineSiteIsNotConvergedAndStatusSaysOffline() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path], state: state).status == 0)
        #expect(try gridops(["sim", "offline", "--site", "par-regional-1"], state: state).status == 0)
        let apply = try gridops(["apply", "--repo", repo.path, "--timeout", "5s"], state: state)
        #expect(apply.status == 3)
        #expect(apply.stdout.contains("par-regional-1: offline"))
        let status = try gridops(["status"], state: state)
        #expect(status.stdout.contains("par-regional-1  Offline"))
    }

    @Test func badInputToTheControllerCommands() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path, "--timeout", "5"], state: state).status == 64)
        #expect(try gridops(["sim", "faults", "--fail-rate", "2"], state: state).status == 64)
        #expect(try gridops(["sim", "faults", "--foreign", "H100"], state: state).status == 64)
        #expect(try gridops(["sim", "drift", "--site", "x", "--resource", "pod/a/b"], state: state).status == 64)
        let unknown = try gridops(["sim", "offline", "--site", "nowhere"], state: state)
        #expect(unknown.status == 4)
        #expect(unknown.stderr.contains("no site 'nowhere' in the simulated world"))
        #expect(try gridops(["sim", "status", "--site", "nowhere"], state: state).status == 4)
        let noRepo = try gridops(["plan", "--repo", state.path + "/missing"], state: state)
        #expect(noRepo.status == 2)
        #expect(noRepo.stderr.contains("cannot open a git repository"))

        // A state folder whose store is not a database: exit 2 naming the file, nothing else touched.
        let broken = TemporaryDirectory("gridops-broken")
        try broken.write("gridops.sqlite", String(repeating: "x", count: 4096))
        let result = try gridops(["apply", "--repo", repo.path], state: broken)
        #expect(result.status == 2)
        #expect(result.stderr.contains("gridops.sqlite"))
    }
}
