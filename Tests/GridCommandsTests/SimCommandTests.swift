import Foundation
import GridTestSupport
import Testing

/// `gridops sim` on a real state folder.
@Suite struct SimCommandTests {
    func gridops(_ args: [String]) throws -> ProcessResult {
        try runProcess(gridopsExecutable, args)
    }

    @Test func theSeedIsSetAndShownOnTheCommandLine() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path, "--state", state.path]).status == 0)
        let set = try gridops(["sim", "faults", "--state", state.path, "--seed", "42"])
        #expect(set.status == 0)
        #expect(set.stdout == "seed set to 42\n")
        let status = try gridops(["sim", "status", "--state", state.path])
        #expect(status.stdout.hasPrefix("seed 42 "), "\(status.stdout.prefix(200))")
        #expect(try gridops(["sim", "faults", "--state", state.path, "--seed", "-1"]).status == 64)
    }
}
