import Foundation
import GridTestSupport
import Testing

/// `--max-observing`: how many sites a pass observes at once, apart from the grid's
/// `maxParallelSites` (how many it changes at once).
@Suite struct ObservingOptionTests {
    @Test func oneSiteAtATimeStillConvergesAndPlansNothingAfter() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-observing")
        let apply = try runProcess(gridopsExecutable, ["apply", "--repo", repo.path, "--state", state.path, "--max-observing", "1"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("Converged"))
        let plan = try runProcess(gridopsExecutable, ["plan", "--repo", repo.path, "--state", state.path, "--max-observing", "1"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Plan: 0 to create, 0 to update, 0 to delete"), "\(plan.stdout)")
    }

    @Test(arguments: ["0", "-3", "many"])
    func aBadCountIsAUsageError(value: String) throws {
        let state = TemporaryDirectory("gridops-observing")
        let result = try runProcess(gridopsExecutable, ["apply", "--state", state.path, "--max-observing", value])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--max-observing"), "\(result.stderr)")
    }
}
