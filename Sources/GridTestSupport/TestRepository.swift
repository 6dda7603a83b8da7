import Foundation
public import GridGit

/// A real git repository in a temporary folder, written with libgit2.
public final class TestRepository: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let repository: GitRepository

    public var path: String { directory.path }

    public init(bare: Bool = false) throws {
        directory = TemporaryDirectory("gridops-repo")
        repository = try GitRepository.initialize(at: directory.path, bare: bare)
    }

    /// A repository whose one commit holds the bundled demo grid.
    public static func bundled() throws -> TestRepository {
        let repo = try TestRepository()
        try repo.commit(try Fixtures.bundledGrid(), message: "bundled grid")
        return repo
    }

    /// Commits exactly these text files as the whole tree; returns the commit id.
    @discardableResult
    public func commit(_ files: [String: String], message: String = "test commit") throws -> String {
        try repository.commit(files: files.mapValues { .file(Array($0.utf8)) }, message: message)
    }

    @discardableResult
    public func commit(entries: [String: TreeEntryContent], message: String = "test commit") throws -> String {
        try repository.commit(files: entries, message: message)
    }
}

/// Runs a program to completion and returns its exit status and output.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Ended by a signal (then `status` is the signal number).
    public var signaled: Bool
}

public func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil,
                       environment: [String: String] = [:]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    // Output goes to files, not pipes: a large output can never block the child.
    let scratch = TemporaryDirectory("gridops-proc")
    let outPath = scratch.path + "/stdout", errPath = scratch.path + "/stderr"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
        throw SourceErrorForTests("cannot create output files in \(scratch.path)")
    }
    defer { try? out.close(); try? err.close() }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let outData = FileManager.default.contents(atPath: outPath) ?? Data()
    let errData = FileManager.default.contents(atPath: errPath) ?? Data()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self),
                         signaled: process.terminationReason == .uncaughtSignal)
}

/// Runs the system's `git` in `directory`, failing the caller on a non-zero exit.
@discardableResult
public func git(_ arguments: [String], in directory: String) throws -> String {
    let result = try runProcess("/usr/bin/git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid",
                                                 "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"] + arguments,
                                in: directory)
    guard result.status == 0 else {
        throw SourceErrorForTests("git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
    }
    return result.stdout
}

public struct SourceErrorForTests: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The `gridops` executable built next to the tests.
public let gridopsExecutable: String = {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("gridops").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        folder.deleteLastPathComponent()
    }
    return Fixtures.packageRoot + "/.build/debug/gridops"
}()
