import Foundation
import GridTestSupport
import Testing

/// JSON as tools want it: RFC 3339 times, as the API writes them, and slashes as they are.
@Suite struct OutputFormatTests {
    func gridops(_ args: [String]) throws -> ProcessResult {
        try runProcess(gridopsExecutable, args)
    }

    @Test func jsonTimesAreRFC3339AndSlashesAreNotEscaped() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-state")
        #expect(try gridops(["apply", "--repo", repo.path, "--state", state.path]).status == 0)

        let log = try gridops(["sim", "log", "--state", state.path, "--limit", "3", "--format", "json"])
        #expect(log.status == 0)
        let calls = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(calls.count == 3)
        let rfc3339 = ISO8601DateFormatter()
        for call in calls {
            let at = try #require(call["at"] as? String, "at is \(String(describing: call["at"]))")
            let date = try #require(rfc3339.date(from: at), "'\(at)' is not RFC 3339")
            #expect(abs(date.timeIntervalSinceNow) < 24 * 3600, "'\(at)' is not the time of the call")
        }

        let status = try gridops(["status", "--state", state.path, "--format", "json"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"netops/care-chat\""), "\(status.stdout.prefix(500))")
        let rollouts = try gridops(["sim", "status", "--state", state.path, "--site", "par-regional-1", "--format", "json"])
        #expect(rollouts.stdout.contains("deployment/netops/care-chat"))
        for output in [log.stdout, status.stdout, rollouts.stdout] {
            #expect(!output.contains("\\/"), "a slash was escaped: \(output.prefix(300))")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let since = try #require((object["conditions"] as? [[String: Any]])?.first?["since"] as? String)
        #expect(rfc3339.date(from: since) != nil, "'\(since)' is not RFC 3339")
    }
}
