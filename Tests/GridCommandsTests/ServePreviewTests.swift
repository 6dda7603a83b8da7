import Foundation
import GridGit
import GridTestSupport
import Testing

/// `gridops serve` previews pull-request heads and watched branches, and notifies a real
/// HTTP receiver on loopback that checks the signature.
@Suite struct ServePreviewTests {
    static let receiver = """
        import hashlib, hmac, http.server, json, sys
        secret, out = sys.argv[2].encode(), sys.argv[3]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                good = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
                ok = hmac.compare_digest(self.headers.get("X-Gridops-Signature-256", ""), good)
                with open(out, "a") as f:
                    f.write(("ok " if ok else "bad ") + json.loads(body)["head"]["sha"] + "\\n")
                self.send_response(204)
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        with open(sys.argv[1], "w") as f:
            f.write(str(server.server_port))
        server.serve_forever()
        """

    @Test func pullRequestHeadsAndBranchesArePreviewedAndNotified() throws {
        let repo = try TestRepository()
        var files = try Fixtures.bundledGrid()
        try repo.commit(files, message: "bundled grid")
        files["manifests/tenants/netops/care-chat.yaml"] = files["manifests/tenants/netops/care-chat.yaml"]!
            .replacingOccurrences(of: "replicas: 8", with: "replicas: 10")
        let feature = try repo.repository.commit(files: files.mapValues { .file(Array($0.utf8)) }, message: "more", branch: "feature/more")
        try git(["update-ref", "refs/pull/7/head", feature], in: repo.path)

        let scratch = TemporaryDirectory("gridops-receiver")
        try scratch.write("receiver.py", Self.receiver)
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        receiver.arguments = ["python3", scratch.path + "/receiver.py", scratch.path + "/port", "s3cret", scratch.path + "/received"]
        // Not the test's own output: a receiver left holding it would keep `swift test` waiting.
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        receiver.standardInput = FileHandle.nullDevice
        try receiver.run()
        defer {
            kill(receiver.processIdentifier, SIGKILL)
            receiver.waitUntilExit()
        }
        var port = ""
        for _ in 0..<100 where port.isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
            port = (try? String(contentsOfFile: scratch.path + "/port", encoding: .utf8)) ?? ""
        }
        try #require(!port.isEmpty, "the receiver did not start")

        let state = TemporaryDirectory("gridops-state")
        let args = ["serve", "--repo", repo.path, "--once", "--state", state.path, "--preview-branches", "feature/*",
                    "--notify-url", "http://127.0.0.1:\(port)/hooks"]
        let result = try runProcess(gridopsExecutable, args, environment: ["GRIDOPS_NOTIFY_SECRET": "s3cret"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: state.path + "/previews/pull-7.md"))
        #expect(FileManager.default.fileExists(atPath: state.path + "/previews/branch-feature-more.json"))
        let markdown = try String(contentsOfFile: state.path + "/previews/pull-7.md", encoding: .utf8)
        #expect(markdown.contains("| netops/care-chat | 8 → 10 |"))

        let listed = try runProcess(gridopsExecutable, ["previews", "--state", state.path])
        #expect(listed.stdout.contains("pull-7"))
        #expect(listed.stdout.contains("notify: sent"))
        let received = try String(contentsOfFile: scratch.path + "/received", encoding: .utf8)
        #expect(received == "ok \(feature)\nok \(feature)\n", "two previews, both signed right")

        // Nothing changed: nothing is previewed or sent again.
        let again = try runProcess(gridopsExecutable, args, environment: ["GRIDOPS_NOTIFY_SECRET": "s3cret"])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: scratch.path + "/received", encoding: .utf8) == received)

        // A URL without a secret is refused before anything runs.
        let unsigned = try runProcess(gridopsExecutable, args.map { $0 == state.path ? state.path + "2" : $0 })
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("needs a secret"))
    }
}
