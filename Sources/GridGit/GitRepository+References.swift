internal import CGit2

extension GitRepository {
    /// References matching a glob (`refs/remotes/origin/pull/*`) with the commit each points
    /// at, sorted by name. References that do not point at a commit are skipped.
    public func references(matching glob: String) throws(GitError) -> [(name: String, commit: String)] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), "list references \(glob)")
        defer { git_reference_iterator_free(iterator) }
        var out: [(name: String, commit: String)] = []
        var ref: OpaquePointer?
        while git_reference_next(&ref, iterator) == 0 {
            defer { git_reference_free(ref) }
            guard let name = git_reference_name(ref).map({ String(cString: $0) }) else { continue }
            var object: OpaquePointer?
            guard git_reference_peel(&object, ref, GIT_OBJECT_COMMIT) == 0 else { continue }
            defer { git_object_free(object) }
            if let id = git_object_id(object) { out.append((name, id.pointee.hex)) }
        }
        return out.sorted { $0.name < $1.name }
    }
}
