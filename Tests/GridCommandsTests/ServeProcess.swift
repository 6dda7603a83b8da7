import Foundation
import GridStore
import GridTestSupport
import Testing

/// Waits until `condition` holds, polling; false after `seconds`.
func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}

/// The revision the store says is in force.
func inForce(_ state: TemporaryDirectory) -> String? {
    (try? GridStore(directory: state.path).controllerState().inForce?.sha) ?? nil
}

/// `gridops serve` as an init system runs it: a child process writing its log to a file in
/// the state folder. Killed (SIGKILL) when it goes away still running.
final class ServeProcess {
    let process = Process()
    let logPath: String
    private let output: FileHandle

    init(_ arguments: [String], state: TemporaryDirectory) throws {
        logPath = state.path + "/serve.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        output = try #require(FileHandle(forWritingAtPath: logPath))
        process.executableURL = URL(fileURLWithPath: gridopsExecutable)
        process.arguments = ["serve", "--state", state.path] + arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? output.close()
    }

    var log: String { String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self) }

    /// The port `--http 127.0.0.1:0` bound, from the log; nil when it did not within a minute.
    func httpPort() -> Int? {
        var port: Int?
        _ = eventually(60) {
            let text = log
            guard let range = text.range(of: #"http: listening on 127\.0\.0\.1:\d+"#, options: .regularExpression) else { return false }
            port = Int(text[range].split(separator: ":").last ?? "")
            return port != nil
        }
        return port
    }

    /// Sends `signal` and waits up to 30 s for the exit; true when it exited 0.
    func stop(_ signal: Int32 = SIGTERM) -> Bool {
        kill(process.processIdentifier, signal)
        guard eventually(30, { !process.isRunning }) else { return false }
        return process.terminationReason == .exit && process.terminationStatus == 0
    }
}
