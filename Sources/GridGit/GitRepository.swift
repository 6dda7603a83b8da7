internal import CGit2

/// An open repository (bare or not). Not shared between threads: libgit2 objects are not
/// thread-safe, so each thread of work opens its own.
public final class GitRepository {
    let handle: OpaquePointer
    public let path: String

    /// Opens the repository at `path`, or the one enclosing it.
    public init(path: String) throws(GitError) {
        _ = libgit2Ready
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, 0, nil), "open repository at \(path)")
        guard let repo else {
            throw GitError(code: -1, operation: "open repository at \(path)", message: "no repository")
        }
        handle = repo
        self.path = path
    }

    deinit {
        git_repository_free(handle)
    }

    /// Whether the repository has no working directory.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// Resolves a revision (branch, tag, full or short sha, `HEAD~1`, ...) to a commit id.
    public func resolveCommit(_ revision: String) throws(GitError) -> String {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, revision), "resolve revision '\(revision)'")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "'\(revision)' is not a commit")
        defer { git_object_free(commit) }
        guard let id = git_object_id(commit) else {
            throw GitError(code: -1, operation: "resolve revision '\(revision)'", message: "no object id")
        }
        return id.pointee.hex
    }

    /// The commit's message and author, for summaries and rollouts.
    public func commitInfo(_ commitID: String) throws(GitError) -> CommitInfo {
        let commit = try lookupCommit(commitID)
        defer { git_commit_free(commit) }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let author = git_commit_author(commit)
        let name = author?.pointee.name.map { String(cString: $0) } ?? ""
        let email = author?.pointee.email.map { String(cString: $0) } ?? ""
        let time = author.map { Int64($0.pointee.when.time) } ?? 0
        return CommitInfo(id: commitID, message: message, authorName: name, authorEmail: email, time: time)
    }

    func lookupCommit(_ commitID: String) throws(GitError) -> OpaquePointer {
        guard var oid = git_oid(hex: commitID) else {
            throw GitError(code: -1, operation: "look up commit", message: "'\(commitID)' is not a commit id")
        }
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), "look up commit \(commitID)")
        guard let commit else { throw GitError(code: -1, operation: "look up commit \(commitID)", message: "missing") }
        return commit
    }

    /// The root tree of a commit. The caller frees it with `git_tree_free`.
    func rootTree(of commitID: String) throws(GitError) -> OpaquePointer {
        let commit = try lookupCommit(commitID)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "read tree of \(commitID)")
        guard let tree else { throw GitError(code: -1, operation: "read tree of \(commitID)", message: "missing") }
        return tree
    }

    /// A blob's bytes.
    public func readBlob(_ blobID: String) throws(GitError) -> [UInt8] {
        guard var oid = git_oid(hex: blobID) else {
            throw GitError(code: -1, operation: "read blob", message: "'\(blobID)' is not a blob id")
        }
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, &oid), "read blob \(blobID)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: raw, count: size))
    }
}

public struct CommitInfo: Sendable, Hashable {
    public var id: String
    public var message: String
    public var authorName: String
    public var authorEmail: String
    /// Seconds since 1970.
    public var time: Int64

    /// The first line of the message.
    public var subject: String {
        String(message.prefix { $0 != "\n" })
    }
}
