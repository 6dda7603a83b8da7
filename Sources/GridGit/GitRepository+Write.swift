internal import CGit2

/// One entry of a tree to commit.
public enum TreeEntryContent: Sendable, Hashable {
    case file([UInt8])
    case executable([UInt8])
    case symlink(target: String)
    /// A gitlink to a commit of another repository.
    case submodule(commitID: String)
}

extension GitRepository {
    /// Creates a repository (bare or with a working directory) at `path`, on branch `main`.
    public static func initialize(at path: String, bare: Bool = false) throws(GitError) -> GitRepository {
        _ = libgit2Ready
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "init options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var repo: OpaquePointer?
        let result = "main".withCString { branch in
            options.initial_head = branch
            return git_repository_init_ext(&repo, path, &options)
        }
        try check(result, "create repository at \(path)")
        git_repository_free(repo)
        return try GitRepository(path: path)
    }

    /// Commits exactly `files` (path to content) as the whole tree, on top of `branch`'s tip
    /// when it has one, and moves the branch to it. Writes objects straight to the object
    /// database; for a repository with a working directory the index is set to the new tree,
    /// so `git status` agrees when the files are on disk. Returns the commit id.
    @discardableResult
    public func commit(
        files: [String: TreeEntryContent], message: String, branch: String = "main",
        author: String = "gridops", email: String = "gridops@localhost", time: Int64? = nil
    ) throws(GitError) -> String {
        var root = TreeNode()
        for (path, content) in files {
            root.insert(path.split(separator: "/").map(String.init)[...], content)
        }
        var treeID = try root.write(into: self)
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &treeID), "look up new tree")
        defer { git_tree_free(tree) }

        var signature: UnsafeMutablePointer<git_signature>?
        if let time {
            try check(git_signature_new(&signature, author, email, git_time_t(time), 0), "signature")
        } else {
            try check(git_signature_now(&signature, author, email), "signature")
        }
        defer { git_signature_free(signature) }

        let reference = "refs/heads/" + branch
        var parent: OpaquePointer?
        var parentID = git_oid()
        if git_reference_name_to_id(&parentID, handle, reference) == 0 {
            try check(git_commit_lookup(&parent, handle, &parentID), "look up \(branch)")
        }
        defer { git_commit_free(parent) }

        var commitID = git_oid()
        var parents: [OpaquePointer?] = parent.map { [$0] } ?? []
        try check(
            git_commit_create(&commitID, handle, nil, signature, signature, "UTF-8", message, tree,
                              parents.count, &parents),
            "create commit")
        var ref: OpaquePointer?
        try check(git_reference_create(&ref, handle, reference, &commitID, 1, "gridops: commit"), "move \(branch)")
        git_reference_free(ref)

        if !isBare {
            var index: OpaquePointer?
            try check(git_repository_index(&index, handle), "open index")
            defer { git_index_free(index) }
            try check(git_index_read_tree(index, tree), "read tree into index")
            try check(git_index_write(index), "write index")
        }
        return commitID.hex
    }

    /// Points a lightweight tag at a commit.
    public func tag(_ name: String, at commitID: String) throws(GitError) {
        let commit = try lookupCommit(commitID)
        defer { git_commit_free(commit) }
        var oid = git_oid()
        try check(git_tag_create_lightweight(&oid, handle, name, commit, 1), "tag \(name)")
    }
}

/// A folder of the tree being written: children by name, written bottom-up.
private struct TreeNode {
    var files: [String: TreeEntryContent] = [:]
    var folders: [String: TreeNode] = [:]

    mutating func insert(_ components: ArraySlice<String>, _ content: TreeEntryContent) {
        guard let first = components.first else { return }
        if components.count == 1 {
            files[first] = content
        } else {
            folders[first, default: TreeNode()].insert(components.dropFirst(), content)
        }
    }

    func write(into repository: GitRepository) throws(GitError) -> git_oid {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, repository.handle, nil), "new tree builder")
        defer { git_treebuilder_free(builder) }
        for (name, folder) in folders {
            var id = try folder.write(into: repository)
            try check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_TREE), "insert \(name)")
        }
        for (name, content) in files {
            var id = git_oid()
            let mode: git_filemode_t
            switch content {
            case .file(let bytes), .executable(let bytes):
                try writeBlob(bytes, into: repository, id: &id, name: name)
                if case .file = content { mode = GIT_FILEMODE_BLOB } else { mode = GIT_FILEMODE_BLOB_EXECUTABLE }
            case .symlink(let target):
                let bytes = Array(target.utf8)
                try writeBlob(bytes, into: repository, id: &id, name: name)
                mode = GIT_FILEMODE_LINK
            case .submodule(let commitID):
                guard let oid = git_oid(hex: commitID) else {
                    throw GitError(code: -1, operation: "insert \(name)", message: "bad commit id \(commitID)")
                }
                id = oid
                mode = GIT_FILEMODE_COMMIT
            }
            try check(git_treebuilder_insert(nil, builder, name, &id, mode), "insert \(name)")
        }
        var treeID = git_oid()
        try check(git_treebuilder_write(&treeID, builder), "write tree")
        return treeID
    }

    private func writeBlob(_ bytes: [UInt8], into repository: GitRepository, id: inout git_oid, name: String) throws(GitError) {
        let result = bytes.withUnsafeBytes { raw in
            git_blob_create_from_buffer(&id, repository.handle, raw.baseAddress, raw.count)
        }
        try check(result, "write \(name)")
    }
}
