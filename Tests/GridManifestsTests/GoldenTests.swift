import Foundation
import GridTestSupport
import Testing

/// Golden files: a match passes, a difference names its line, and recording always fails.
@Suite struct GoldenTests {
    @Test func recordingWritesTheSnapshotAndFailsEvenWhenNothingChanged() throws {
        let folder = TemporaryDirectory("gridops-golden")
        let testFile = folder.path + "/SomeTests.swift"
        let snapshot = folder.path + "/Snapshots/out.txt"

        let new = Golden.mismatch("a\nb\n", named: "out.txt", testFile: testFile, recording: true)
        #expect(new?.contains("recorded out.txt (new)") == true, "\(new ?? "nil")")
        #expect(try String(contentsOfFile: snapshot, encoding: .utf8) == "a\nb\n")

        let same = Golden.mismatch("a\nb\n", named: "out.txt", testFile: testFile, recording: true)
        #expect(same?.contains("recorded out.txt (unchanged)") == true, "\(same ?? "nil")")
        let changed = Golden.mismatch("a\nc\n", named: "out.txt", testFile: testFile, recording: true)
        #expect(changed?.contains("recorded out.txt (changed)") == true, "\(changed ?? "nil")")
        #expect(try String(contentsOfFile: snapshot, encoding: .utf8) == "a\nc\n")
    }

    @Test func comparingPassesOnAMatchAndNamesTheFirstDifferingLine() throws {
        let folder = TemporaryDirectory("gridops-golden")
        let testFile = folder.path + "/SomeTests.swift"
        #expect(Golden.mismatch("x\n", named: "missing.txt", testFile: testFile, recording: false)?.contains("no snapshot") == true)
        try folder.write("Snapshots/out.txt", "a\nb\n")
        #expect(Golden.mismatch("a\nb\n", named: "out.txt", testFile: testFile, recording: false) == nil)
        let diff = Golden.mismatch("a\nB\n", named: "out.txt", testFile: testFile, recording: false)
        #expect(diff == "out.txt differs at line 2:\n  expected: b\n  actual:   B")
    }
}
