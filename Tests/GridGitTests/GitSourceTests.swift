import Foundation
import GridGit
import GridModel
import GridTestSupport
import Testing

@Suite struct RevisionTests {
    @Test func resolvesBranchTagShortShaAndAncestors() throws {
        let repo = try TestRepository()
        let first = try repo.commit(["manifests/a.yaml": "a: 1\n"], message: "first")
        let second = try repo.commit(["manifests/a.yaml": "a: 2\n"], message: "second")
        try repo.repository.tag("v1", at: first)
        let r = repo.repository
        #expect(try r.resolveCommit("HEAD") == second)
        #expect(try r.resolveCommit("main") == second)
        #expect(try r.resolveCommit("HEAD~1") == first)
        #expect(try r.resolveCommit("v1") == first)
        #expect(try r.resolveCommit(String(first.prefix(8))) == first)
        #expect(try r.resolveCommit(second) == second)
        #expect(try r.commitInfo(second).subject == "second")
    }

    @Test func unknownRevisionAndMissingRepositoryAreSourceErrors() throws {
        let repo = try TestRepository()
        try repo.commit(["manifests/a.yaml": "a: 1\n"])
        #expect(throws: SourceError.self) { try GitSource(repository: repo.path, revision: "no-such-branch") }
        #expect(throws: SourceError.self) { try GitSource(repository: repo.path, revision: "HEAD~5") }
        let empty = TemporaryDirectory()
        #expect(throws: SourceError.self) { try GitSource(repository: empty.path, revision: "HEAD") }
    }

    @Test func opensBareRepositories() throws {
        let repo = try TestRepository(bare: true)
        let id = try repo.commit(["manifests/grid.yaml": "x: 1\n"])
        #expect(repo.repository.isBare)
        let source = try GitSource(repository: repo.path, revision: "main")
        #expect(source.revision == id)
        #expect(try source.listing().entries.map(\.path) == ["manifests/grid.yaml"])
    }
}

@Suite struct ListingTests {
    @Test func listsOnlyManifestFilesUnderTheRoots() throws {
        let repo = try TestRepository()
        try repo.commit([
            "manifests/grid.yaml": "a: 1\n",
            "manifests/sites/x.yml": "a: 1\n",
            "manifests/README.md": "not yaml\n",
            "policies/p.yaml": "a: 1\n",
            "other/ignored.yaml": "a: 1\n",
            "top.yaml": "a: 1\n",
        ])
        let listing = try GitSource(repository: repo.path, revision: "HEAD").listing()
        #expect(listing.entries.map(\.path) == ["manifests/grid.yaml", "manifests/sites/x.yml", "policies/p.yaml"])
        #expect(listing.entries.allSatisfy { $0.blobID?.count == 40 })
        #expect(listing.diagnostics.isEmpty)
    }

    @Test func refusesSymlinksAndSubmodulesNamingThePath() throws {
        let repo = try TestRepository()
        try repo.commit(entries: [
            "manifests/grid.yaml": .file(Array("a: 1\n".utf8)),
            "manifests/sites/link.yaml": .symlink(target: "/etc/passwd"),
            "manifests/vendor": .submodule(commitID: String(repeating: "ab", count: 20)),
        ])
        let listing = try GitSource(repository: repo.path, revision: "HEAD").listing()
        #expect(listing.entries.map(\.path) == ["manifests/grid.yaml"])
        let found = listing.diagnostics.map { "\($0.code.rawValue) \($0.location.path)" }.sorted()
        #expect(found == ["GO1004 manifests/sites/link.yaml", "GO1005 manifests/vendor"])
    }

    @Test func refusesTheRevisionPastTheFileLimit() throws {
        let repo = try TestRepository()
        var files: [String: String] = [:]
        for i in 0..<12 { files["manifests/f\(i).yaml"] = "a: \(i)\n" }
        let id = try repo.commit(files)
        let listing = try repo.repository.listManifests(at: id, maxFiles: 10)
        #expect(listing.entries.isEmpty)
        #expect(listing.diagnostics.map(\.code) == [.tooManyFiles])
    }

    @Test func readsBlobsWithoutACheckout() throws {
        let repo = try TestRepository(bare: true)
        try repo.commit(["manifests/grid.yaml": "hello: world\n"])
        let source = try GitSource(repository: repo.path, revision: "HEAD")
        let entry = try #require(source.listing().entries.first)
        #expect(try source.makeReader().read(entry) == Array("hello: world\n".utf8))
    }
}

@Suite struct DiffTests {
    @Test func addedChangedRemovedUnderTheRoots() throws {
        let repo = try TestRepository()
        let base = try repo.commit([
            "manifests/a.yaml": "a: 1\n", "manifests/b.yaml": "b: 1\n", "policies/c.yaml": "c: 1\n", "README.md": "x",
            "manifests/gone/e.yaml": "e: 1\n", "manifests/gone/deeper/f.yaml": "f: 1\n", "manifests/same/g.yaml": "g: 1\n",
        ])
        let head = try repo.commit([
            "manifests/a.yaml": "a: 2\n", "policies/c.yaml": "c: 1\n", "manifests/new/d.yaml": "d: 1\n", "README.md": "y",
            "manifests/same/g.yaml": "g: 1\n",
        ])
        let changes = try repo.repository.diff(from: base, to: head)
        #expect(changes.map { PathChange(path: $0.path, status: $0.status) } == [
            PathChange(path: "manifests/a.yaml", status: .changed),
            PathChange(path: "manifests/b.yaml", status: .removed),
            PathChange(path: "manifests/gone/deeper/f.yaml", status: .removed),
            PathChange(path: "manifests/gone/e.yaml", status: .removed),
            PathChange(path: "manifests/new/d.yaml", status: .added),
        ])
        // The blob each path holds at head: what it reads to load head from base.
        let listed = try GitSource(repository: repo.path, revision: head).listing().entries
        let blobs = Dictionary(uniqueKeysWithValues: listed.map { ($0.path, $0.blobID) })
        #expect(changes[0].blobID != nil && changes[0].blobID == blobs["manifests/a.yaml"])
        #expect(changes[1].blobID == nil)
        #expect(changes[4].blobID != nil && changes[4].blobID == blobs["manifests/new/d.yaml"])
        #expect(try repo.repository.diff(from: head, to: head).isEmpty)
    }
}

/// Repositories made by the git command line, packed and tagged as users' repositories are.
@Suite struct GitCommandLineRepositoryTests {
    @Test func readsPackedRepositoryMadeByGit() throws {
        let dir = TemporaryDirectory()
        try git(["init", "-q"], in: dir.path)
        try dir.write("manifests/grid.yaml", "kind: Grid\n")
        try dir.write("policies/p.yaml", "kind: PlacementPolicy\n")
        try git(["add", "."], in: dir.path)
        try git(["commit", "-q", "-m", "one"], in: dir.path)
        try git(["tag", "-a", "release-1", "-m", "annotated"], in: dir.path)
        try dir.write("manifests/grid.yaml", "kind: Grid # changed\n")
        try git(["commit", "-q", "-am", "two"], in: dir.path)
        try git(["gc", "-q", "--aggressive"], in: dir.path)

        let old = try GitSource(repository: dir.path, revision: "release-1")
        let entries = try old.listing().entries
        #expect(entries.map(\.path) == ["manifests/grid.yaml", "policies/p.yaml"])
        #expect(try old.makeReader().read(entries[0]) == Array("kind: Grid\n".utf8))
        let head = try GitSource(repository: dir.path, revision: "HEAD")
        let expected = try git(["rev-parse", "HEAD"], in: dir.path).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head.revision == expected)
        // A subfolder of the work tree finds the enclosing repository, as git does.
        #expect(try GitSource(repository: dir.path + "/manifests", revision: "HEAD").revision == expected)
    }

    @Test func readsARepositoryOwnedByAnotherUser() throws {
        // The controller often runs as a different user than the one that cloned; reading
        // objects runs nothing from the repository, so ownership must not stop it.
        guard getuid() == 0 else { return }  // only root can give files away
        let repo = try TestRepository()
        let id = try repo.commit(["manifests/grid.yaml": "a: 1\n"])
        let result = try runProcess("/bin/chown", ["-R", "4321:4321", repo.path])
        #expect(result.status == 0)
        #expect(try GitSource(repository: repo.path, revision: "HEAD").revision == id)
    }

    @Test func commitsWrittenWithLibgit2AreSeenByGit() throws {
        let repo = try TestRepository()
        let id = try repo.commit(["manifests/grid.yaml": "a: 1\n", "policies/p.yaml": "b: 2\n"], message: "from libgit2")
        #expect(try git(["rev-parse", "main"], in: repo.path).hasPrefix(id))
        #expect(try git(["show", "main:policies/p.yaml"], in: repo.path) == "b: 2\n")
        try git(["fsck", "--strict"], in: repo.path)
    }
}

@Suite struct DirectorySourceTests {
    @Test func refusesSymlinksAndNestedRepositoriesLikeACommit() throws {
        let dir = TemporaryDirectory()
        try dir.write("manifests/grid.yaml", "a: 1\n")
        try dir.write("manifests/vendor/.git/HEAD", "ref: refs/heads/main\n")
        try dir.write("manifests/vendor/x.yaml", "a: 1\n")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/manifests/link.yaml", withDestinationPath: "/etc/hostname")
        let listing = try DirectorySource(root: dir.path).listing()
        #expect(listing.entries.map(\.path) == ["manifests/grid.yaml"])
        #expect(listing.diagnostics.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.symlink, .submodule])
    }

    @Test func missingFolderIsASourceError() {
        #expect(throws: SourceError.self) { try DirectorySource(root: "/nonexistent/gridops") }
    }
}
