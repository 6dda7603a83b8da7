import Foundation
import GridTestSupport
import Testing

@Suite struct ExitCodeTests {
    /// One named constant per documented exit code (`ExitCodes.swift`): no command throws a
    /// bare number.
    @Test func noCommandThrowsABareExitCode() throws {
        let folder = Fixtures.packageRoot + "/Sources/GridCommands"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") && $0 != "ExitCodes.swift" }
        #expect(files.count > 10)
        let bare = try Regex(#"ExitCode\(\s*[0-9]"#)
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            #expect(!text.contains(bare), "\(file) throws a bare ExitCode(n): use the named codes of ExitCodes.swift")
        }
    }
}
