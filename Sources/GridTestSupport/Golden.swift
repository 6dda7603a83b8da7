import Foundation

/// Golden files next to the tests: `Tests/<Target>/Snapshots/<name>`. Set GRIDOPS_RECORD=1 to
/// write them anew, then review the diff like any other change.
public enum Golden {
    /// Nil when `actual` matches the snapshot; otherwise a message with the first differing line.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath) -> String? {
        let folder = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GRIDOPS_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
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
