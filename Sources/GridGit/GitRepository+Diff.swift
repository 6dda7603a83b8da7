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
    ///
    /// The two trees are walked side by side and a subtree whose id is the same on both
    /// sides is skipped unread: a one-file commit to a grid of 110,000 files reads the few
    /// trees on that file's path.
    public func diff(from base: String, to head: String) throws(GitError) -> [PathChange] {
        let baseTree = try rootTree(of: base)
        defer { git_tree_free(baseTree) }
        let headTree = try rootTree(of: head)
        defer { git_tree_free(headTree) }
        var changes: [PathChange] = []
        for root in SourceLimits.roots {
            // A file named like a root is not a folder of manifests: the listing skips it too.
            let folder = { (tree: OpaquePointer?) in self.entry(root, in: tree).flatMap { $0.isTree ? $0 : nil } }
            try compare(folder(baseTree), folder(headTree), path: root, into: &changes)
        }
        return changes.sorted()
    }

    /// An entry of a tree, by name, owned by the caller (nil when absent).
    private func entry(_ name: String, in tree: OpaquePointer?) -> TreeEntry? {
        guard let found = git_tree_entry_byname(tree, name) else { return nil }
        return TreeEntry(found)
    }

    /// Compares what `path` holds on both sides; appends what differs.
    private func compare(_ old: TreeEntry?, _ new: TreeEntry?, path: String, into changes: inout [PathChange]) throws(GitError) {
        switch (old, new) {
        case (nil, nil):
            return
        case let (old?, new?) where old.sameObject(as: new):
            return
        case let (old?, new?) where old.isTree && new.isTree:
            let oldTree = try lookupTree(old, path)
            defer { git_tree_free(oldTree) }
            let newTree = try lookupTree(new, path)
            defer { git_tree_free(newTree) }
            var names = Set<String>()
            for tree in [oldTree, newTree] {
                for i in 0..<git_tree_entrycount(tree) {
                    if let child = git_tree_entry_byindex(tree, i), let name = git_tree_entry_name(child) { names.insert(String(cString: name)) }
                }
            }
            for name in names {
                try compare(entry(name, in: oldTree), entry(name, in: newTree), path: path + "/" + name, into: &changes)
            }
        case let (old?, new?) where !old.isTree && !new.isTree:
            changes.append(PathChange(path: path, status: .changed, blobID: new.regularBlobID))
        default:
            // Added, removed, or a file become a folder (or the reverse): every file on each side.
            if let old { try files(under: old, path: path) { p, _ throws(GitError) in changes.append(PathChange(path: p, status: .removed)) } }
            if let new { try files(under: new, path: path) { p, e throws(GitError) in changes.append(PathChange(path: p, status: .added, blobID: e.regularBlobID)) } }
        }
    }

    /// Every file at or under `entry`.
    private func files(under entry: TreeEntry, path: String, _ visit: (String, TreeEntry) throws(GitError) -> Void) throws(GitError) {
        guard entry.isTree else { return try visit(path, entry) }
        let tree = try lookupTree(entry, path)
        defer { git_tree_free(tree) }
        for i in 0..<git_tree_entrycount(tree) {
            guard let child = git_tree_entry_byindex(tree, i), let name = git_tree_entry_name(child) else { continue }
            try files(under: TreeEntry(child), path: path + "/" + String(cString: name), visit)
        }
    }

    private func lookupTree(_ entry: TreeEntry, _ path: String) throws(GitError) -> OpaquePointer? {
        var oid = entry.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &oid), "read tree \(path)")
        return tree
    }
}

/// What a diff needs of a tree entry, copied out of libgit2's.
private struct TreeEntry {
    var oid: git_oid
    var mode: git_filemode_t

    init(_ entry: OpaquePointer) {
        oid = git_tree_entry_id(entry).pointee
        mode = git_tree_entry_filemode(entry)
    }

    var id: String { oid.hex }

    /// Same id and mode (ids compared as bytes, not as hex).
    func sameObject(as other: TreeEntry) -> Bool {
        var a = oid, b = other.oid
        return mode == other.mode && git_oid_equal(&a, &b) != 0
    }
    var isTree: Bool { mode == GIT_FILEMODE_TREE }
    /// Its blob id when it is a regular file (not a link or a submodule).
    var regularBlobID: String? { mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE ? id : nil }
}
