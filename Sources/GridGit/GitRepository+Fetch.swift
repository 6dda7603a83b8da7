internal import CGit2

extension GitRepository {
    /// Fetches `refspec` (`+refs/heads/main:refs/gridops/tracked`) from `url` (a path,
    /// `file://`, or any transport libgit2 was built with) into this repository. Only objects
    /// the repository lacks are transferred.
    public func fetch(from url: String, refspec: String) throws(GitError) {
        var remote: OpaquePointer?
        try check(git_remote_create_anonymous(&remote, handle, url), "open remote \(url)")
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "fetch options")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let result = refspec.withCString { spec in
            var strings: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: spec)]
            return strings.withUnsafeMutableBufferPointer { buffer in
                var array = git_strarray(strings: buffer.baseAddress, count: 1)
                return git_remote_fetch(remote, &array, &options, "gridops: fetch")
            }
        }
        try check(result, "fetch \(refspec) from \(url)")
    }

    /// Opens the bare mirror at `path`, creating it when absent.
    public static func openOrCreateMirror(at path: String) throws(GitError) -> GitRepository {
        _ = libgit2Ready
        if let repo = try? GitRepository(path: path), repo.isBare { return repo }
        return try initialize(at: path, bare: true)
    }
}
