import Foundation
import GridGit
import GridTestSupport
import Testing

/// `gridops plan --base --head`: the pull-request preview, as CI runs it.
@Suite struct PreviewCommandTests {
    /// The bundled grid on main, and a branch that gives care-chat two more replicas and moves
    /// noc-copilot to a new model version.
    func repository() throws -> (TestRepository, base: String, head: String) {
        let repo = try TestRepository()
        var files = try Fixtures.bundledGrid()
        let base = try repo.commit(files, message: "bundled grid")
        files["manifests/tenants/netops/care-chat.yaml"] = files["manifests/tenants/netops/care-chat.yaml"]!
            .replacingOccurrences(of: "replicas: 8", with: "replicas: 10")
        let copilot = "manifests/tenants/netops/noc-copilot.yaml"
        files[copilot] = files[copilot]!.replacingOccurrences(
            of: #"version: "[^"]*""#, with: #"version: "9.0.0""#, options: .regularExpression)
        let head = try repo.repository.commit(files: files.mapValues { .file(Array($0.utf8)) }, message: "care-chat: 10 replicas",
                                              branch: "feature")
        return (repo, base, head)
    }

    /// Commit ids differ from run to run (commit times): golden files hold placeholders.
    func normalized(_ text: String, _ ids: [String: String]) -> String {
        var out = text
        for (sha, name) in ids {
            out = out.replacingOccurrences(of: sha, with: name).replacingOccurrences(of: String(sha.prefix(12)), with: name)
        }
        return out
    }

    @Test func markdownAndJSONGolden() throws {
        let (repo, base, head) = try repository()
        let ids = [base: "BASE", head: "HEAD"]
        for (format, golden) in [("markdown", "preview.md"), ("json", "preview.json")] {
            let result = try runProcess(gridopsExecutable, ["plan", "--repo", repo.path, "--base", "main", "--head", "feature",
                                                            "--format", format, "--state", repo.path + "/no-state"])
            #expect(result.status == 0, "\(result.stderr)")
            let mismatch = Golden.mismatch(normalized(result.stdout, ids), named: golden)
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
        let json = try runProcess(gridopsExecutable, ["plan", "--repo", repo.path, "--base", "main", "--head", "feature", "--format", "json",
                                                      "--state", repo.path + "/no-state"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let services = try #require(object["services"] as? [[String: Any]])
        #expect(services.map { "\($0["tenant"]!)/\($0["service"]!)" } == ["netops/care-chat", "netops/noc-copilot"])
        #expect(services[0]["replicasAfter"] as? Int == 10)
        let rollouts = try #require(object["rollouts"] as? [[String: Any]])
        #expect(rollouts.map { $0["service"] as? String } == ["noc-copilot"])
    }

    @Test func aHugeChangeStaysUnderTheCommentLimitAndSaysWhereItCut() throws {
        let dir = TemporaryDirectory("gridops-preview")
        let generated = try runProcess(gridopsExecutable, ["generate", "--sites", "300", "--services", "1500", "--seed", "3",
                                                           "--out", dir.path, "--git"])
        #expect(generated.status == 0, "\(generated.stderr)")
        // Every service gets a new model version: thousands of actions.
        let tenants = dir.path + "/manifests/tenants"
        for tenant in try FileManager.default.contentsOfDirectory(atPath: tenants) {
            for file in try FileManager.default.contentsOfDirectory(atPath: tenants + "/" + tenant) where file != "tenant.yaml" {
                let path = tenants + "/" + tenant + "/" + file
                let text = try String(contentsOfFile: path, encoding: .utf8)
                try text.replacingOccurrences(of: #"version: "[^"]*""#, with: #"version: "99.0.0""#, options: .regularExpression)
                    .write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        try git(["checkout", "-q", "-b", "everything"], in: dir.path)
        try git(["commit", "-q", "-am", "new versions everywhere"], in: dir.path)
        let result = try runProcess(gridopsExecutable, ["plan", "--repo", dir.path, "--base", "main", "--head", "everything",
                                                        "--format", "markdown", "--state", dir.path + "/none"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.count < 65_536)
        #expect(result.stdout.contains("> Cut here:"))
        #expect(result.stdout.contains("has everything"))
    }

    @Test func failOnGatesCI() throws {
        let repo = try TestRepository()
        var files = try Fixtures.bundledGrid()
        try repo.commit(files, message: "bundled grid")
        files["manifests/grid.yaml"] = files["manifests/grid.yaml"]!.replacingOccurrences(of: "latencyModel:", with: "latencyModel: [")
        try repo.repository.commit(files: files.mapValues { .file(Array($0.utf8)) }, message: "broken", branch: "broken")
        let args = ["plan", "--repo", repo.path, "--base", "main", "--head", "broken", "--format", "markdown", "--state", repo.path + "/none"]
        let failing = try runProcess(gridopsExecutable, args)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("This revision would not be applied"))
        #expect(failing.stdout.contains("`manifests/grid.yaml:24:3` error[GO"))
        #expect(try runProcess(gridopsExecutable, args + ["--fail-on", "none"]).status == 0)
        #expect(try runProcess(gridopsExecutable, ["plan", "--repo", repo.path, "--base", "main"]).status == 64)
        #expect(try runProcess(gridopsExecutable, ["plan", "--repo", repo.path, "--base", "main", "--head", "nope"]).status == 2)
    }
}
