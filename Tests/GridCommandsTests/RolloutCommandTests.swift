import Foundation
import GridDrivers
import GridModel
import GridTestSupport
import Testing

/// Rollouts as a user runs them: real processes, a real repository, the store and the
/// simulated world on disk. care-chat's waves: fra-edge-1, lon-regional-1, then mil-edge-1
/// and par-regional-1.
@Suite struct RolloutCommandTests {
    static let path = "manifests/tenants/netops/care-chat.yaml"

    func gridops(_ args: [String], state: TemporaryDirectory, env: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(gridopsExecutable, args + ["--state", state.path], environment: env)
    }

    /// The bundled grid applied, then a merge commit that moves care-chat to `version`.
    func mergedVersion(_ version: String, state: TemporaryDirectory) throws -> (TestRepository, String) {
        let repo = try TestRepository.bundled()
        let first = try gridops(["apply", "--repo", repo.path], state: state)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        var files = try Fixtures.bundledGrid()
        files[Self.path] = files[Self.path]!.replacingOccurrences(of: #"version: "1.3.3""#, with: #"version: "\#(version)""#)
        let sha = try repo.commit(files, message: "Merge pull request #17 from netops/care-chat-\(version)")
        return (repo, sha)
    }

    func rollouts(_ state: TemporaryDirectory) throws -> [[String: Any]] {
        let status = try gridops(["rollout", "status", "netops/care-chat", "--format", "json"], state: state)
        #expect(status.status == 0, "\(status.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
    }

    /// Sites that received an update of care-chat, in order.
    func updates(_ state: TemporaryDirectory) throws -> [String] {
        try SimulatedWorld(path: state.path + "/world.sqlite").calls(resource: "deployment/netops/care-chat")
            .filter { $0.effect == "updated" }.map(\.site)
    }

    @Test(arguments: ["wave-started:1", "after-call:2"])
    func killedDuringTheSecondWaveResumesThere(crashAt: String) throws {
        let state = TemporaryDirectory("gridops-rollout")
        let (repo, sha) = try mergedVersion("1.4.0", state: state)
        let crashed = try gridops(["apply", "--repo", repo.path], state: state, env: ["GRIDOPS_CRASH_AT": crashAt])
        #expect(crashed.signaled && crashed.status == SIGKILL, "expected kill -9 at \(crashAt): \(crashed.stdout)\(crashed.stderr)")
        let midway = try rollouts(state)
        #expect(midway.count == 1)
        #expect(midway.first?["wave"] as? Int == 1, "killed in the second wave")
        #expect(midway.first?["phase"] as? String == "Progressing")

        let resumed = try gridops(["apply", "--repo", repo.path], state: state)
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        let done = try rollouts(state)
        #expect(done.count == 1, "the restart started no second rollout")
        #expect(done.first?["phase"] as? String == "Succeeded")
        #expect(done.first?["revision"] as? String == sha)
        #expect(done.first?["pullRequest"] as? Int == 17)
        let order = try updates(state)
        #expect(Array(order.prefix(2)) == ["fra-edge-1", "lon-regional-1"], "\(order)")
        #expect(order.count == 4, "each site updated once, the canary not again: \(order)")
    }

    @Test func pauseWithoutAServiceHoldsEveryProgressingRolloutAndResumeLetsApplyFinish() throws {
        let state = TemporaryDirectory("gridops-rollout")
        let (repo, _) = try mergedVersion("1.4.0", state: state)
        let crashed = try gridops(["apply", "--repo", repo.path], state: state, env: ["GRIDOPS_CRASH_AT": "wave-started:1"])
        #expect(crashed.signaled)
        let pause = try gridops(["rollout", "pause"], state: state)
        #expect(pause.status == 0, "\(pause.stderr)")
        #expect(pause.stdout.contains("rollout of netops/care-chat (#1) paused at wave 2 of 3"), "\(pause.stdout)")

        let held = try gridops(["apply", "--repo", repo.path, "--timeout", "5s"], state: state)
        #expect(held.status == 3)
        #expect(held.stdout.contains("netops/care-chat: rollout paused at wave 2 of 3"), "\(held.stdout)")
        #expect(try updates(state) == ["fra-edge-1", "lon-regional-1"], "the wave already started goes on; no other starts")

        #expect(try gridops(["rollout", "resume", "netops/care-chat"], state: state).status == 0)
        let done = try gridops(["apply", "--repo", repo.path], state: state)
        #expect(done.status == 0, "\(done.stdout)")
        #expect(try rollouts(state).first?["phase"] as? String == "Succeeded")
    }

    @Test func anUnhealthyVersionStopsAfterTheCanaryAndApplySaysWhy() throws {
        let state = TemporaryDirectory("gridops-rollout")
        let (repo, _) = try mergedVersion("1.4.0", state: state)
        let faults = try gridops(["sim", "faults", "--unhealthy-version", "1.4.0"], state: state)
        #expect(faults.status == 0, "\(faults.stderr)")
        #expect(try gridops(["sim", "status"], state: state).stdout.contains("unhealthy=1.4.0"))

        let apply = try gridops(["apply", "--repo", repo.path, "--timeout", "30s"], state: state)
        #expect(apply.status == 3, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("netops/care-chat: rollout failed: wave 1: deployment/netops/care-chat is unhealthy at fra-edge-1"),
                "\(apply.stdout)")
        #expect(try updates(state) == ["fra-edge-1", "fra-edge-1"], "the canary got it and was rolled back; no other site was touched")

        let status = try gridops(["rollout", "status"], state: state)
        #expect(status.stdout.contains("netops/care-chat  Failed  wave 1/3"), "\(status.stdout)")
        #expect(status.stdout.contains("rolled back: every site runs llama-3.1-8b-instruct 1.3.3"))
        #expect(status.stdout.contains("(pull request #17)"))
        #expect(try gridops(["status"], state: state).stdout.contains("netops/care-chat  Failed at wave 1 of 3: wave 1: "))

        let pause = try gridops(["rollout", "pause", "netops/care-chat"], state: state)
        #expect(pause.status == 4)
        #expect(pause.stderr.contains("cannot pause the rollout of netops/care-chat"), "\(pause.stderr)")
        #expect(try gridops(["rollout", "pause", "nope"], state: state).status == 64)
        let nothing = try gridops(["rollout", "pause"], state: state)
        #expect(nothing.status == 4, "no rollout to pause: the only one failed")
        #expect(nothing.stderr.contains("no rollout that can be paused"), "\(nothing.stderr)")
        let none = try gridops(["rollout", "abort", "netops/noc-copilot"], state: state)
        #expect(none.status == 4)
        #expect(none.stderr.contains("no rollout of netops/noc-copilot"))
    }
}
