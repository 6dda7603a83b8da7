import Foundation

/// Golden files next to the tests: `Tests/<Target>/Snapshots/<name>`. Set GRIDOPS_RECORD=1 to
/// write them anew, then review the diff like any other change. A run that records fails,
/// whether or not the file changed (as swift-argument-parser's snapshots do), so record mode
/// left on can never hide a change: run the tests again without it.
public enum Golden {
    /// Whether this test run records (GRIDOPS_RECORD=1).
    public static var recording: Bool { ProcessInfo.processInfo.environment["GRIDOPS_RECORD"] == "1" }

    /// Nil when `actual` matches the snapshot; otherwise a message with the first differing
    /// line. When recording: writes the snapshot and returns why the test fails.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath,
                                recording: Bool = Golden.recording) -> String? {
        let folder = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = folder.appendingPathComponent(name)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
            } catch {
                return "GRIDOPS_RECORD=1: cannot write \(url.path): \(error)"
            }
            let what = expected == nil ? "new" : expected == actual ? "unchanged" : "changed"
            return "GRIDOPS_RECORD=1: recorded \(name) (\(what)). Record mode always fails, so it cannot hide a change: "
                + "review the diff, then run the tests again without GRIDOPS_RECORD"
        }
        guard let expected else {
            return "no snapshot at \(url.path): run the tests with GRIDOPS_RECORD=1 to record it"
        }
        if expected == actual { return nil }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let index = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let got = index < a.count ? String(a[index]) : "<end>"
        let want = index < e.count ? String(e[index]) : "<end>"
        return "\(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)"
    }
}
