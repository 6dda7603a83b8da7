import Foundation
import GridManifests
import GridModel
import GridReconciler
import GridTestSupport
import Testing

/// A commit read by patching the previous revision (git's tree diff, only the changed files
/// decoded) gives exactly what reading it in full gives, and patches only when it may.
@Suite struct PatchedLoadTests {
    static let service = "manifests/tenants/lumen-media/catalog-embed.yaml"

    /// Commits the bundled grid with `edit` applied to its files; returns base and head.
    private func commits(_ edit: (inout [String: String]) -> Void) throws -> (TestRepository, String, String) {
        let repo = try TestRepository()
        var files = try Fixtures.bundledGrid()
        let base = try repo.commit(files, message: "base")
        edit(&files)
        let head = try repo.commit(files, message: "head")
        return (repo, base, head)
    }

    /// Loads head from base and in full; both must agree.
    private func load(_ repo: TestRepository, _ base: String, _ head: String) throws -> LoadResult {
        let reader = GitRevisions(repository: repo.path, revision: head)
        let before = try reader.load(base, cache: DecodeCache())
        #expect(before.isValid)
        let patched = try reader.load(head, cache: DecodeCache(), from: (base, before))
        let full = try reader.load(head, cache: DecodeCache())
        // Compared as a whole, but reported briefly: a ManifestSet prints at length.
        let sameManifests = patched.manifests == full.manifests, sameDiagnostics = patched.diagnostics == full.diagnostics
        #expect(sameManifests, "patched manifests differ from a full load")
        #expect(sameDiagnostics, "patched diagnostics differ: \(patched.diagnostics) vs \(full.diagnostics)")
        #expect(patched.revision == head)
        #expect(patched.files == full.files)
        return patched
    }

    private func replace(_ files: inout [String: String], _ path: String, _ old: String, _ new: String) {
        guard let text = files[path], text.contains(old) else {
            Issue.record("\(path) has no '\(old)'")
            return
        }
        files[path] = text.replacingOccurrences(of: old, with: new)
    }

    @Test func aServiceChangedInPlaceIsPatched() throws {
        let (repo, base, head) = try commits { replace(&$0, Self.service, "replicas: 6", "replicas: 7") }
        let result = try load(repo, base, head)
        let position = try #require(result.manifests.modelServices.firstIndex { $0.metadata.name == "catalog-embed" })
        #expect(result.edits?.base == base)
        #expect(result.edits?.positions == [position])
        #expect(result.manifests.modelServices[position].replicas == 7)
    }

    @Test func aCommentOrAnotherFileUnderTheRootsIsPatchedWithNoEdit() throws {
        let (repo, base, head) = try commits {
            replace(&$0, Self.service, "# ModelService", "# The ModelService")
            $0["manifests/README.md"] = "notes\n"
        }
        #expect(try load(repo, base, head).edits?.positions == [])
    }

    @Test func aServiceThatBecomesInvalidIsReadInFull() throws {
        let (repo, base, head) = try commits { replace(&$0, Self.service, "models: [L4, L40S]", "models: [L5]") }
        let result = try load(repo, base, head)
        #expect(result.edits == nil)
        #expect(!result.isValid)
    }

    @Test func aWarningOfTheChangedServiceIsKeptAndItsOldOneDropped() throws {
        let (repo, base, head) = try commits { replace(&$0, Self.service, "workloadClass: interactive", "workloadClass: experimental") }
        let result = try load(repo, base, head)
        #expect(result.edits != nil)
        #expect(result.diagnostics.contains { $0.code == .noPlacementPolicy && $0.location.path == Self.service })
    }

    @Test(arguments: ["rename", "add", "remove", "another kind", "yaml error", "second document"])
    func anythingElseIsReadInFull(change: String) throws {
        let (repo, base, head) = try commits { files in
            switch change {
            case "rename": replace(&files, Self.service, "name: catalog-embed", "name: catalog-embed-2")
            case "add": files["manifests/tenants/lumen-media/extra.yaml"] = files[Self.service]?
                .replacingOccurrences(of: "name: catalog-embed", with: "name: extra")
            case "remove": files[Self.service] = nil
            case "another kind": replace(&files, Self.service, "replicas: 6", "replicas: 5")
                files["manifests/grid.yaml"]? += "\n# changed\n"
            case "yaml error": replace(&files, Self.service, "replicas: 6", "replicas: [6")
            default:
                let other = files["manifests/tenants/lumen-media/asr-media-feed.yaml"] ?? ""
                files[Self.service]? += "---\n" + other
            }
        }
        #expect(try load(repo, base, head).edits == nil)
    }
}
