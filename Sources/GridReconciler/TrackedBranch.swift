import Foundation
import GridGit
public import GridModel

/// The branch `serve` follows: fetched from the repository (a path or a URL) into a bare
/// mirror under the state folder, so the controller never reads a working tree and a
/// remote that goes away leaves the last fetched revision readable.
public struct TrackedBranch: Sendable {
    public var url: String
    public var branch: String
    public var mirror: String

    static let trackingRef = "refs/gridops/tracked"

    public init(repository: String, branch: String, stateDirectory: String) {
        if repository.contains("://") {
            url = repository
        } else {
            url = URL(fileURLWithPath: repository).standardizedFileURL.path
        }
        self.branch = branch
        mirror = (stateDirectory as NSString).appendingPathComponent("repo.git")
    }

    /// Fetches the branch's tip into the mirror. Only missing objects are transferred.
    public func fetch() throws(SourceError) {
        let source = branch == "HEAD" ? "HEAD" : "refs/heads/\(branch)"
        try fetch(refspec: "+\(source):\(Self.trackingRef)")
    }

    /// Fetches one refspec into the mirror.
    func fetch(refspec: String) throws(SourceError) {
        if !url.contains("://"), !FileManager.default.fileExists(atPath: url) {
            throw SourceError("cannot fetch \(branch): no repository at \(url)")
        }
        do {
            try GitRepository.openOrCreateMirror(at: mirror).fetch(from: url, refspec: refspec)
        } catch {
            throw SourceError("cannot fetch \(refspec) from \(url): \(error.message)")
        }
    }

    /// Reads the fetched tip.
    public var revisions: GitRevisions {
        GitRevisions(repository: mirror, revision: Self.trackingRef)
    }
}
