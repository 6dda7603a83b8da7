import Foundation
import GridTestSupport
import Testing

/// `gridops place` and `gridops explain` as a user runs them.
@Suite struct PlaceCommandTests {
    @Test func placeJSONHasTheFixedShape() throws {
        let repo = try TestRepository.bundled()
        let result = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["revision", "objective", "assignments", "reservations", "unplaced"])
        let assignment = try #require((object["assignments"] as? [[String: Any]])?.first)
        #expect(Set(assignment.keys) == ["tenant", "service", "region", "site", "gpuModel", "replicas", "rttMs", "costPerHour"])
        let reservation = try #require((object["reservations"] as? [[String: Any]])?.first)
        #expect(Set(reservation.keys) == ["tenant", "kind", "name", "site", "gpuModel", "gpus"])
        #expect((object["revision"] as? String)?.count == 40)

        // Fed back as --current, nothing moves.
        let current = TemporaryDirectory()
        try current.write("current.json", result.stdout)
        let again = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--format", "json", "--current", current.path + "/current.json"])
        #expect(again.stdout == result.stdout)
    }

    @Test func explainTextGolden() throws {
        let repo = try TestRepository.bundled()
        let result = try runProcess(gridopsExecutable, ["explain", "netops/care-chat", "--repo", repo.path])
        #expect(result.status == 0, "\(result.stderr)")
        let mismatch = Golden.mismatch(result.stdout, named: "explain-care-chat.txt")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let missing = try runProcess(gridopsExecutable, ["explain", "netops/nope", "--repo", repo.path])
        #expect(missing.status == 4 && missing.stderr.contains("no ModelService 'netops/nope' in this revision"), "\(missing.stderr)")
        #expect(try runProcess(gridopsExecutable, ["explain", "netops", "--repo", repo.path]).status == 64)
    }

    @Test func badInputsExitWithTheRightCode() throws {
        let repo = try TestRepository.bundled()
        let dir = TemporaryDirectory()
        try dir.write("bad.json", "{\"pools\": [{\"site\": \"x\"}]}")
        try dir.write("notjson.json", "pools: []")
        let missingKey = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--observed", dir.path + "/bad.json"])
        #expect(missingKey.status == 2)
        #expect(missingKey.stderr.contains("bad.json: missing 'pools[0].gpuModel'"))
        let notJSON = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--observed", dir.path + "/notjson.json"])
        #expect(notJSON.status == 2 && notJSON.stderr.contains("not valid JSON"))
        try dir.write("partial.json", "{\"offline\": [\"fra-edge-1\"]}")
        let partial = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--format", "json", "--observed", dir.path + "/partial.json"])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(!partial.stdout.contains("\"site\":\"fra-edge-1\""))
        try dir.write("huge.json", "{\"pools\": [{\"site\": \"fra-edge-1\", \"gpuModel\": \"L4\", \"used\": 9223372036854775807}, {\"site\": \"fra-edge-1\", \"gpuModel\": \"L4\", \"used\": 5}]}")
        let huge = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--observed", dir.path + "/huge.json"])
        #expect(huge.status == 2)
        #expect(huge.stderr.contains("huge.json: pools[0].used must be between 0 and 10000000"))
        try dir.write("negative.json", "{\"revision\": null, \"objective\": 0, \"assignments\": [{\"tenant\": \"netops\", \"service\": \"care-chat\", \"region\": \"eu-west\", \"site\": \"par-regional-1\", \"gpuModel\": \"L40S\", \"replicas\": -3, \"rttMs\": 1, \"costPerHour\": 1}], \"reservations\": [], \"unplaced\": []}")
        let negative = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--current", dir.path + "/negative.json"])
        #expect(negative.status == 2 && negative.stderr.contains("assignments[0].replicas must be between 0 and 1000000, found -3"))
        let absent = try runProcess(gridopsExecutable, ["place", "--repo", repo.path, "--current", dir.path + "/absent.json"])
        #expect(absent.status == 2)

        var files = try Fixtures.bundledGrid()
        files["manifests/sites/broken.yaml"] = "kind: Site\n"
        try repo.commit(files, message: "broken")
        let invalid = try runProcess(gridopsExecutable, ["place", "--repo", repo.path])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("manifests/sites/broken.yaml:1:1: error[GO3004]"))
    }
}
