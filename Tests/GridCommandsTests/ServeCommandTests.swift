import Foundation
import GridDrivers
import GridGit
import GridStore
import GridTestSupport
import Testing

/// `gridops serve` as an init system runs it: a child process, a branch that moves, SIGTERM.
@Suite struct ServeCommandTests {
    @Test func followsTheBranchAndStopsGracefullyOnSIGTERM() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-serve")
        let serve = try ServeProcess(["--repo", repo.path, "--branch", "main", "--interval", "1s"], state: state)

        let first = try repo.repository.resolveCommit("main")
        #expect(eventually(60) { inForce(state) == first }, "the first revision is applied")

        // One controller per state folder: a second is refused, naming the first.
        let rival = try runProcess(gridopsExecutable, ["apply", "--repo", repo.path, "--state", state.path])
        #expect(rival.status == 2)
        #expect(rival.stderr.contains("is in use by another gridops apply or serve (pid \(serve.process.processIdentifier))"), "\(rival.stderr)")

        // The branch moves: the daemon fetches and applies it.
        var files = try Fixtures.bundledGrid()
        files["manifests/tenants/netops/care-chat.yaml"] = files["manifests/tenants/netops/care-chat.yaml"]!
            .replacingOccurrences(of: "replicas: 8", with: "replicas: 6")
        let second = try repo.commit(files, message: "care-chat: 6 replicas")
        #expect(eventually(60) { inForce(state) == second }, "the new revision is applied")

        #expect(serve.stop(SIGTERM), "SIGTERM stops the daemon, exit 0: \(serve.log)")
        #expect(serve.log.contains("stopped: the last pass finished"), "\(serve.log)")

        // A restart (following the same repository as a file:// URL) resumes without repeating anything.
        let calls = try SimulatedWorld(path: state.path + "/world.sqlite").calls().count
        let once = try runProcess(gridopsExecutable, ["serve", "--repo", "file://" + repo.path, "--once", "--state", state.path])
        #expect(once.status == 0, "\(once.stderr)")
        #expect(once.stderr.contains("pass: converged"))
        #expect(try SimulatedWorld(path: state.path + "/world.sqlite").calls().count == calls)
    }

    @Test func aRepositoryThatCannotBeFetchedIsLoggedAndOnceExitsTwo() throws {
        let state = TemporaryDirectory("gridops-serve")
        let result = try runProcess(gridopsExecutable, ["serve", "--repo", state.path + "/nowhere", "--once", "--state", state.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("fetch failed"))
        #expect(result.stderr.contains("no repository at \(state.path)/nowhere"))
        #expect(result.stderr.contains("pass failed"))
    }
}

/// `serve --log-format json` and `status --watch`: what log pipelines and terminals read.
@Suite struct ObservabilityCommandTests {
    @Test func jsonLogsAreOneObjectALineWithTheRevision() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-logs")
        let result = try runProcess(gridopsExecutable, ["serve", "--repo", repo.path, "--once", "--state", state.path, "--log-format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        #expect(objects.count == lines.count, "every line is a JSON object of strings: \(lines.prefix(3))")
        let sha = try repo.repository.resolveCommit("main")
        #expect(objects.contains { $0["message"]?.hasPrefix("pass:") == true && $0["revision"] == String(sha.prefix(12)) })
        #expect(objects.allSatisfy { $0["time"] != nil && $0["level"] != nil })
    }

    @Test func statusWatchRefreshesUntilInterrupted() throws {
        let repo = try TestRepository.bundled()
        let state = TemporaryDirectory("gridops-watch")
        #expect(try runProcess(gridopsExecutable, ["apply", "--repo", repo.path, "--state", state.path]).status == 0)
        let out = state.path + "/watch.out"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: out))
        defer { try? handle.close() }
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: gridopsExecutable)
        watch.arguments = ["status", "--watch", "--every", "200ms", "--state", state.path]
        watch.standardOutput = handle
        watch.standardError = FileHandle.nullDevice
        try watch.run()
        Thread.sleep(forTimeInterval: 1.5)
        kill(watch.processIdentifier, SIGINT)
        watch.waitUntilExit()
        let text = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
        #expect(text.components(separatedBy: "Revision in force:").count - 1 >= 3, "\(text.prefix(500))")
        #expect(try runProcess(gridopsExecutable, ["status", "--watch", "--every", "1ms", "--state", state.path]).status == 64)
    }
}
