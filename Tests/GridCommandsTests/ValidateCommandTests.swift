import Foundation
import GridGit
import GridTestSupport
import Testing

/// `gridops validate` as a user runs it: the real executable on real repositories.
@Suite struct ValidateCommandTests {
    func gridops(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try runProcess(gridopsExecutable, arguments, in: directory)
    }

    @Test func bundledGridIsValidAtHead() throws {
        let repo = try TestRepository.bundled()
        let result = try gridops(["validate", "--repo", repo.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("18 sites (3 factory, 5 regional, 10 edge) in 5 jurisdictions"))
        #expect(result.stdout.hasPrefix("valid in 49 files at "))
    }

    @Test func brokenGridGoldenTextAndJSON() throws {
        let repo = try TestRepository.bundled()
        var files = try Fixtures.bundledGrid()
        files["manifests/sites/fra-edge-1.yaml"] = files["manifests/sites/fra-edge-1.yaml"]?
            .replacingOccurrences(of: "tier: edge", with: "tier: edgy")
            .replacingOccurrences(of: "maintenance: false", with: "maintenance: no")
        files["manifests/tenants/netops/care-chat.yaml"] = files["manifests/tenants/netops/care-chat.yaml"]?
            .replacingOccurrences(of: "replicas:", with: "replica:")
        files["policies/placement-batch.yaml"] = files["policies/placement-batch.yaml"]?
            .replacingOccurrences(of: "maxUtilization: 0.95", with: "maxUtilization: 95%")
        files["manifests/sites/evil.yaml"] = "a: &x 1\nb: *x\n"
        files["manifests/tenants/helix-bank/stray.yaml"] = doc(tenant: "medeia-health")
        try repo.commit(files, message: "break things")

        let text = try gridops(["validate", "--repo", repo.path, "--rev", "main"])
        #expect(text.status == 1)
        let stable = text.stdout.replacingOccurrences(of: #" at [0-9a-f]{12}\n"#, with: " at <rev>\n", options: .regularExpression)
        #expect(Golden.mismatch(stable, named: "validate-broken.txt") == nil, "\(Golden.mismatch(stable, named: "validate-broken.txt") ?? "")")

        let json = try gridops(["validate", "--repo", repo.path, "--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        #expect((object["revision"] as? String)?.count == 40)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == (object["errors"] as? Int ?? -1) + (object["warnings"] as? Int ?? -1))
        #expect(diagnostics.contains { $0["code"] as? String == "GO3007" && $0["line"] as? Int == 10 })

        // The previous revision is still good: what was last valid stays readable.
        #expect(try gridops(["validate", "--repo", repo.path, "--rev", "HEAD~1"]).status == 0)
    }

    @Test func cannotReadExitsTwo() throws {
        let empty = TemporaryDirectory()
        let noRepo = try gridops(["validate", "--repo", empty.path])
        #expect(noRepo.status == 2)
        #expect(noRepo.stderr.contains("cannot open a git repository at \(empty.path)"))
        let repo = try TestRepository.bundled()
        let noRev = try gridops(["validate", "--repo", repo.path, "--rev", "no-such-branch"])
        #expect(noRev.status == 2)
        #expect(noRev.stderr.contains("cannot resolve revision 'no-such-branch'"))
    }

    @Test func dirChecksTheWorkingTree() throws {
        let dir = TemporaryDirectory()
        for (path, text) in try Fixtures.bundledGrid() { try dir.write(path, text) }
        #expect(try gridops(["validate", "--dir", dir.path]).status == 0)
        try dir.write("manifests/sites/bad.yaml", "kind: Site\n")
        let bad = try gridops(["validate", "--dir", dir.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("manifests/sites/bad.yaml:1:1: error[GO3004]: missing required field 'apiVersion'"))
        #expect(try gridops(["validate", "--dir", dir.path, "--rev", "main"]).status == 64)
    }

    @Test func versionAndHelp() throws {
        let version = try gridops(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("0."))
        let help = try gridops(["validate", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--repo") && help.stdout.contains("--dir"))
    }

    func doc(tenant: String) -> String {
        """
        apiVersion: gridops/v1alpha1
        kind: NetworkQoS
        metadata: {name: stray, tenant: \(tenant)}
        spec:
          from: {cidr: 10.0.0.0/8}
          to: {service: clinical-scribe}
          class: bulk
          guaranteedMbps: 10
          maxMbps: 100

        """
    }
}

@Suite struct GenerateCommandTests {
    @Test func generatedRepositoryIsValidAndDeterministic() throws {
        let a = TemporaryDirectory(), b = TemporaryDirectory()
        let args = ["generate", "--sites", "120", "--services", "400", "--seed", "7", "--git"]
        let first = try runProcess(gridopsExecutable, args + ["--out", a.path + "/g"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try runProcess(gridopsExecutable, args + ["--out", b.path + "/g"])
        #expect(second.status == 0)
        let headA = try GitRepository(path: a.path + "/g").resolveCommit("main")
        let headB = try GitRepository(path: b.path + "/g").resolveCommit("main")
        #expect(headA == headB, "same seed, same commit")
        let validate = try runProcess(gridopsExecutable, ["validate", "--repo", a.path + "/g"])
        #expect(validate.status == 0, "\(validate.stdout.prefix(2000))")
        #expect(validate.stdout.contains("120 sites"))
        // The work tree matches the commit.
        #expect(try git(["status", "--porcelain"], in: a.path + "/g").isEmpty)
    }

    @Test func refusesANonEmptyFolderAndBadCounts() throws {
        let dir = TemporaryDirectory()
        try dir.write("keep.txt", "x")
        let full = try runProcess(gridopsExecutable, ["generate", "--sites", "3", "--services", "1", "--out", dir.path])
        #expect(full.status == 4, "refused: it would mix a grid into other files")
        #expect(full.stderr.contains("is not empty; choose a new folder"))
        #expect(try runProcess(gridopsExecutable, ["generate", "--sites", "0", "--services", "1", "--out", dir.path + "/n"]).status == 64)
    }
}
