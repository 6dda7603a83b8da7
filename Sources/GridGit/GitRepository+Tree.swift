internal import CGit2
public import GridModel

extension GitRepository {
    /// Every manifest file under `manifests/` and `policies/` at a commit, read from the object
    /// database (no checkout), with a diagnostic for each entry refused: symlinks, submodules,
    /// and everything past the file-count limit.
    public func listManifests(at commitID: String, maxFiles: Int = SourceLimits.maxFiles) throws(GitError) -> SourceListing {
        let root = try rootTree(of: commitID)
        defer { git_tree_free(root) }
        var walk = TreeWalk(repository: self, maxFiles: maxFiles)
        for top in SourceLimits.roots where !walk.stopped {
            var entry: OpaquePointer?
            let found = git_tree_entry_bypath(&entry, root, top)
            if found == GIT_ENOTFOUND.rawValue { continue }
            try check(found, "look up \(top)/ in \(commitID)")
            defer { git_tree_entry_free(entry) }
            try walk.visit(entry: entry, path: top, isRoot: true)
        }
        if walk.stopped { walk.entries.removeAll() }  // the revision is refused whole
        walk.entries.sort { $0.path < $1.path }
        return SourceListing(entries: walk.entries, diagnostics: walk.diagnostics)
    }
}

private struct TreeWalk {
    let repository: GitRepository
    let maxFiles: Int
    var entries: [SourceEntry] = []
    var diagnostics: [Diagnostic] = []
    var files = 0
    var stopped = false

    init(repository: GitRepository, maxFiles: Int) {
        self.repository = repository
        self.maxFiles = maxFiles
    }

    mutating func visit(entry: OpaquePointer?, path: String, isRoot: Bool = false) throws(GitError) {
        let at = SourceLocation(path: path)
        switch git_tree_entry_filemode(entry) {
        case GIT_FILEMODE_TREE:
            guard let id = git_tree_entry_id(entry) else { return }
            var oid = id.pointee
            var tree: OpaquePointer?
            try check(git_tree_lookup(&tree, repository.handle, &oid), "read tree \(path)")
            defer { git_tree_free(tree) }
            let count = git_tree_entrycount(tree)
            for index in 0..<count where !stopped {
                guard let child = git_tree_entry_byindex(tree, index),
                      let name = git_tree_entry_name(child) else { continue }
                try visit(entry: child, path: path + "/" + String(cString: name))
            }
        case GIT_FILEMODE_LINK:
            diagnostics.append(Diagnostic(
                .symlink, "symbolic link refused: manifests are read from regular files only", at: at))
        case GIT_FILEMODE_COMMIT:
            diagnostics.append(Diagnostic(
                .submodule, "submodule refused: gridops does not read other repositories' trees", at: at))
        case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
            if isRoot { return }  // a file named `manifests` is not a folder of manifests
            guard SourceLimits.isManifestPath(path) else { return }
            files += 1
            if files > maxFiles {
                diagnostics.append(Diagnostic(
                    .tooManyFiles,
                    "more than \(maxFiles) manifest files: refusing the revision (split the grid or raise the limit)",
                    at: at))
                stopped = true
                return
            }
            guard let id = git_tree_entry_id(entry) else { return }
            entries.append(SourceEntry(path: path, blobID: id.pointee.hex))
        default:
            return
        }
    }
}
