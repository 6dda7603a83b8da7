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
    /// The same, knowing `base` (a valid revision already loaded): a reader that can tell
    /// what changed between the two may patch `base` rather than read the whole revision.
    func load(_ sha: String, cache: DecodeCache, from base: (sha: String, result: LoadResult)?) throws(SourceError) -> LoadResult
}

extension RevisionReader {
    public func load(_ sha: String, cache: DecodeCache, from base: (sha: String, result: LoadResult)?) throws(SourceError) -> LoadResult {
        try load(sha, cache: cache)
    }
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

    /// A commit that changed only the content of some service files is read as `base`
    /// patched with those files (git's tree diff finds them without listing the tree);
    /// anything else is read in full.
    public func load(_ sha: String, cache: DecodeCache, from base: (sha: String, result: LoadResult)?) throws(SourceError) -> LoadResult {
        if let base, let patched = patch(base, to: sha) { return patched }
        return try load(sha, cache: cache)
    }

    private func patch(_ base: (sha: String, result: LoadResult), to sha: String) -> LoadResult? {
        guard let repository = try? GitRepository(path: repository),
              let changes = try? repository.diff(from: base.sha, to: sha) else { return nil }
        var files: [(path: String, bytes: [UInt8])] = []
        for change in changes {
            // Other regular files under the roots are not manifests: the listing skips them too
            // (a link or a submodule it refuses: the full load says so).
            if !SourceLimits.isManifestPath(change.path), change.status == .removed || change.blobID != nil { continue }
            guard change.status == .changed, let blob = change.blobID,
                  let bytes = try? repository.readBlob(blob) else { return nil }
            files.append((change.path, bytes))
        }
        return ManifestLoader.patch(base.result, baseRevision: base.sha, revision: sha, files: files)
    }
}
