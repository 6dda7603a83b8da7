public import GridModel

/// Manifests at one commit of a git repository, read from the object database.
public struct GitSource: ManifestSource {
    public let repositoryPath: String
    public let commitID: String

    public var revision: String? { commitID }

    /// Opens the repository and resolves `revision` to a commit, or throws a SourceError
    /// that says which of the two failed.
    public init(repository path: String, revision: String) throws(SourceError) {
        let repo: GitRepository
        do { repo = try GitRepository(path: path) } catch {
            throw SourceError("cannot open a git repository at \(path): \(error.message)")
        }
        do { commitID = try repo.resolveCommit(revision) } catch {
            throw SourceError("cannot resolve revision '\(revision)' in \(path): \(error.message)")
        }
        repositoryPath = path
    }

    public func listing() throws(SourceError) -> SourceListing {
        do {
            return try GitRepository(path: repositoryPath).listManifests(at: commitID)
        } catch {
            throw SourceError("cannot list \(commitID): \(error.description)")
        }
    }

    public func makeReader() throws(SourceError) -> any BlobReader {
        do {
            return GitBlobReader(repository: try GitRepository(path: repositoryPath))
        } catch {
            throw SourceError("cannot open \(repositoryPath): \(error.description)")
        }
    }
}

/// Reads blobs through one repository handle, on one thread.
struct GitBlobReader: BlobReader {
    let repository: GitRepository

    func read(_ entry: SourceEntry) throws(SourceError) -> [UInt8] {
        guard let id = entry.blobID else { throw SourceError("\(entry.path): no blob id") }
        do { return try repository.readBlob(id) } catch {
            throw SourceError("\(entry.path): \(error.description)")
        }
    }
}
