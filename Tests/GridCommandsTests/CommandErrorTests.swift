import Foundation
import GridTestSupport
import Testing

/// What a newcomer mistypes, through the real binary: each says what does not exist, with the
/// closest that does, and exits with the code that means it (README.md "Exit codes").
@Suite struct CommandErrorTests {
    func gridops(_ args: [String], in directory: String? = nil) throws -> ProcessResult {
        try runProcess(gridopsExecutable, args, in: directory)
    }

    @Test(arguments: [
        (["aply", "--state", "x"], "unknown command 'aply': did you mean 'apply'?"),
        (["sim", "drfit", "--state", "x"], "unknown command 'drfit' of 'gridops sim': did you mean 'drift'?"),
        (["rollout", "pase", "netops/care-chat"], "unknown command 'pase' of 'gridops rollout': did you mean 'pause'?"),
        (["frobnicate"], "unknown command 'frobnicate' (commands: validate, place, explain, plan, apply, drift, status, serve, "
            + "previews, rollout, sim, generate)"),
    ])
    func aMistypedCommandIsAUsageErrorNamingIt(args: [String], message: String) throws {
        let folder = TemporaryDirectory("gridops-cwd")
        let result = try gridops(args, in: folder.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("gridops: error: \(message)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x"), "no state folder for a command that never ran")
    }

    @Test func aRolloutStatusArgumentMustBeAService() throws {
        let result = try gridops(["rollout", "status", "care-chat", "--state", TemporaryDirectory().path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'care-chat' is not TENANT/SERVICE"), "\(result.stderr)")
    }

    @Test func explainOfAMisspeltServiceSuggestsTheClosestAndSaysWhatItExplains() throws {
        let repo = try TestRepository.bundled()
        let typo = try gridops(["explain", "netops/care-chta", "--repo", repo.path])
        #expect(typo.status == 4)
        #expect(typo.stderr.contains("gridops: error: no ModelService 'netops/care-chta' in this revision: "
                                     + "did you mean 'netops/care-chat'? (explain explains ModelServices only)"), "\(typo.stderr)")
        let cluster = try gridops(["explain", "medeia-health/research", "--repo", repo.path])
        #expect(cluster.status == 4)
        #expect(cluster.stderr.contains("'medeia-health/research' is a KubernetesCluster: explain explains ModelServices only"),
                "\(cluster.stderr)")
    }

    @Test func aFailedApplyOutsideARepositoryLeavesNoStateBehind() throws {
        let folder = TemporaryDirectory("gridops-cwd")
        let result = try gridops(["apply"], in: folder.path)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/.gridops"), "a failed apply left .gridops/ behind")
        // A state folder that was there before stays, whatever the command did.
        try FileManager.default.createDirectory(atPath: folder.path + "/.gridops", withIntermediateDirectories: false)
        #expect(try gridops(["apply"], in: folder.path).status == 2)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/.gridops"))
    }

    @Test func driftOfAStateNeverAppliedSaysSo() throws {
        let repo = try TestRepository.bundled()
        let folder = TemporaryDirectory("gridops-cwd")
        let result = try gridops(["drift", "--repo", repo.path, "--state", folder.path + "/st"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("nothing applied yet with the state in \(folder.path)/st"), "\(result.stderr)")
        #expect(!result.stdout.contains("No drift"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/st"))
    }

    @Test func sitesResourcesFieldsAndRolloutsThatDoNotExistAreRefused() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path, "--state", state.path]).status == 0)
        let deployment = "deployment/netops/care-chat"

        let site = try gridops(["sim", "drift", "--state", state.path, "--site", "par-regional-9", "--resource", deployment,
                                "--set", "replicas=9"])
        #expect(site.status == 4)
        #expect(site.stderr.contains("no site 'par-regional-9' in the simulated world at \(state.path)/world.sqlite: "
                                     + "did you mean 'par-regional-1'?"), "\(site.stderr)")

        let field = try gridops(["sim", "drift", "--state", state.path, "--site", "par-regional-1", "--resource", deployment,
                                 "--set", "replica=9"])
        #expect(field.status == 4)
        #expect(field.stderr.contains("\(deployment) at par-regional-1 has no field 'replica': did you mean 'replicas'?"),
                "\(field.stderr)")
        let drift = try gridops(["drift", "--repo", repo.path, "--state", state.path])
        #expect(drift.status == 0, "a refused change changed nothing: \(drift.stdout)")

        let absent = try gridops(["sim", "delete", "--state", state.path, "--site", "par-regional-1",
                                  "--resource", "deployment/netops/care-chta"])
        #expect(absent.status == 4)
        #expect(absent.stderr.contains("no deployment/netops/care-chta at par-regional-1: did you mean '\(deployment)'?"),
                "\(absent.stderr)")

        let rollout = try gridops(["rollout", "pause", "netops/care-chat", "--state", state.path])
        #expect(rollout.status == 4)
        #expect(rollout.stderr.contains("no rollout of netops/care-chat"), "\(rollout.stderr)")
    }
}
