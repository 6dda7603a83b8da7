public import GridManifests
public import GridModel
import GridGit

/// Where revisions come from: resolve a name to a commit, load a commit's manifests.
public protocol RevisionReader: Sendable {
    /// The commit the tracked name points at now, with its message and author.
    func resolve() throws(SourceError) -> CommitSummary
    /// Reads and validates every manifest of a commit; files whose blob is in `cache` are not
    /// parsed again.
    func load(_ sha: String, cache: DecodeCache) throws(SourceError) -> LoadResult
}

public struct CommitSummary: Sendable, Hashable {
    public var sha: String
    public var message: String
    public var author: String

    public init(sha: String, message: String, author: String) {
        self.sha = sha
        self.message = message
        self.author = author
    }
}

/// A revision (branch, tag, sha) of a local repository, read from its object database.
public struct GitRevisions: RevisionReader {
    public var repository: String
    public var revision: String

    public init(repository: String, revision: String) {
        self.repository = repository
        self.revision = revision
    }

    public func resolve() throws(SourceError) -> CommitSummary {
        let source = try GitSource(repository: repository, revision: revision)
        do {
            let info = try GitRepository(path: repository).commitInfo(source.commitID)
            return CommitSummary(sha: source.commitID, message: info.subject,
                                 author: info.authorEmail.isEmpty ? info.authorName : "\(info.authorName) <\(info.authorEmail)>")
        } catch {
            return CommitSummary(sha: source.commitID, message: "", author: "")
        }
    }

    public func load(_ sha: String, cache: DecodeCache) throws(SourceError) -> LoadResult {
        try ManifestLoader.load(GitSource(repository: repository, revision: sha), cache: cache)
    }
}
