import ArgumentParser
import GridGit
import GridManifests
import GridModel

/// Where to read manifests from: a commit of a repository, or a working directory.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Path of the git repository (bare or not).", valueName: "path"))
    var repo: String = "."

    @Option(name: .long, help: ArgumentHelp("Revision to read: branch, tag, sha, HEAD~1, ...", valueName: "rev"))
    var rev: String = "HEAD"

    @Option(name: .long, help: ArgumentHelp(
        "Read a working directory instead of a commit, to check before committing.", valueName: "path"))
    var dir: String?

    func validate() throws {
        if dir != nil, rev != "HEAD" {
            throw ValidationError("--dir reads files on disk; it cannot be combined with --rev")
        }
    }

    /// The source, or exit 2 with the reason when it cannot be read at all.
    func makeSource() throws -> any ManifestSource {
        do throws(SourceError) {
            if let dir { return try DirectorySource(root: dir) }
            return try GitSource(repository: repo, revision: rev)
        } catch {
            throw CannotRead(message: error.message)
        }
    }
}

extension SourceOptions {
    /// Reads and validates every manifest of the source; exit 2 when it cannot be read.
    func load() throws -> LoadResult {
        try exitingOnReadFailure {
            let source = try makeSource()
            do throws(SourceError) {
                return try ManifestLoader.load(source)
            } catch {
                throw CannotRead(message: error.message)
            }
        }
    }
}

/// Reading failed before any manifest could be looked at: exit code 2.
struct CannotRead: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Runs a command body, turning `CannotRead` into exit code 2 with the message on stderr.
func exitingOnReadFailure<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as CannotRead {
        printError("gridops: error: \(failure.message)")
        throw ExitCode.unreadable
    }
}

func printError(_ message: String) {
    var stderr = StandardError()
    print(message, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileOutput.standardError.write(string)
    }
}
