import Foundation
import GridTestSupport
import Testing

/// README.md's tour runs top to bottom as written, in a temporary clone, with the gridops
/// built for these tests (`scripts/readme_tour.py` says what it adapts and why).
@Suite struct ReadmeTourTests {
    @Test func everyTourCommandRunsAsTheReadmeSays() throws {
        let result = try runProcess("/usr/bin/env", ["python3", Fixtures.packageRoot + "/scripts/readme_tour.py", gridopsExecutable])
        #expect(result.status == 0, "\(result.stdout.suffix(3000))\n\(result.stderr.suffix(6000))")
        #expect(result.stdout.contains("readme tour: all "), "\(result.stdout.suffix(3000))")
    }
}
