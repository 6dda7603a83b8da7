internal import CGit2
import GridModel

/// How one path differs between two revisions.
public struct PathChange: Sendable, Hashable, Comparable {
    public enum Status: String, Sendable, Hashable, Codable {
        case added, changed, removed
    }

    public var path: String
    public var status: Status
    /// The blob the path holds at `head`, when it is a regular file there (nil when removed,
    /// or when it became a link or a submodule).
    public var blobID: String?

    public init(path: String, status: Status, blobID: String? = nil) {
        self.path = path
        self.status = status
        self.blobID = blobID
    }

    public static func < (a: PathChange, b: PathChange) -> Bool { a.path < b.path }
}

extension GitRepository {
    /// The paths under `manifests/` and `policies/` added, changed or removed from `base` to
    /// `head` (commit ids), sorted by path. A rename shows as one removal and one addition.
    public func diff(from base: String, to head: String) throws(GitError) -> [PathChange] {
        let baseTree = try rootTree(of: base)
        defer { git_tree_free(baseTree) }
        let headTree = try rootTree(of: head)
        defer { git_tree_free(headTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, baseTree, headTree, nil), "diff \(base)..\(head)")
        defer { git_diff_free(diff) }
        var changes: [PathChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let status: PathChange.Status
            let file: git_diff_file
            switch delta.status {
            case GIT_DELTA_ADDED: (status, file) = (.added, delta.new_file)
            case GIT_DELTA_DELETED: (status, file) = (.removed, delta.old_file)
            default: (status, file) = (.changed, delta.new_file)
            }
            guard let cPath = file.path else { continue }
            let path = String(cString: cPath)
            guard SourceLimits.roots.contains(where: { path.hasPrefix($0 + "/") }) else { continue }
            let regular = delta.new_file.mode == UInt16(GIT_FILEMODE_BLOB.rawValue)
                || delta.new_file.mode == UInt16(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
            var blobID: String?
            if status != .removed, regular {
                blobID = delta.new_file.id.hex
            }
            changes.append(PathChange(path: path, status: status, blobID: blobID))
        }
        return changes.sorted()
    }
}
