import Foundation
import GridGit
import GridManifests
import GridModel
import GridPlacement
public import GridPlan
public import GridStore

/// Builds the preview of a change: both revisions read from git, placed (the head with the
/// base's placement as the one running, so only what the change causes moves), rendered and
/// compared. With a store, placement starts from what the sites reported and the placement
/// in force, as the controller would.
public enum PreviewBuilder {
    public static func build(repository: String, base: String, head: String, store: GridStore?) throws -> Preview {
        let repo: GitRepository
        let (baseSha, headSha): (String, String)
        let changes: [PathChange]
        let (baseInfo, headInfo): (CommitInfo, CommitInfo)
        do {
            repo = try GitRepository(path: repository)
            baseSha = try repo.resolveCommit(base)
            headSha = try repo.resolveCommit(head)
            changes = try repo.diff(from: baseSha, to: headSha)
            baseInfo = try repo.commitInfo(baseSha)
            headInfo = try repo.commitInfo(headSha)
        } catch {
            throw SourceError("cannot read \(base)..\(head) in \(repository): \(error.message)")
        }
        let cache = DecodeCache()
        let baseLoad = try ManifestLoader.load(GitSource(repository: repository, revision: baseSha), cache: cache)
        let headLoad = try ManifestLoader.load(GitSource(repository: repository, revision: headSha), cache: cache)
        let baseManifests = baseLoad.isValid ? baseLoad.manifests : ManifestSet()

        var observed = ObservedSnapshot.empty
        var current: Placement?
        if let store {
            let stored = try store.observations()
            let grace = baseManifests.grid?.reconcile.offlineGrace ?? ReconcileSettings.default.offlineGrace
            observed = ObservedSnapshot.from(sites: baseManifests.sites.map(\.metadata.name), grace: grace) { name in
                (stored[name]?.observation, stored[name].flatMap { $0.reachable ? nil : $0.since })
            }
            current = try store.currentPlacement()
        }
        let basePlacement = baseLoad.isValid
            ? Placer.place(PlacementInput(grid: baseManifests, revision: baseSha, observed: observed, current: current))
            : Placement(revision: baseSha, objective: 0, assignments: [], reservations: [], unplaced: [])
        var headPlacement: Placement?
        if headLoad.isValid {
            headPlacement = Placer.placeChanged(from: baseManifests, basePlacement, to: headLoad.manifests, observed: observed,
                                                revision: headSha)?.placement
                ?? Placer.place(PlacementInput(grid: headLoad.manifests, revision: headSha, observed: observed, current: basePlacement))
        }
        return Preview.build(
            base: Preview.Revision(sha: baseSha, subject: baseInfo.subject),
            head: Preview.Revision(sha: headSha, subject: headInfo.subject),
            changedFiles: changes.map { Preview.ChangedFile(path: $0.path, status: $0.status.rawValue) },
            headDiagnostics: headLoad.diagnostics, baseManifests: baseManifests, basePlacement: basePlacement,
            headManifests: headLoad.manifests, headPlacement: headPlacement,
            baseCompliance: Placer.complianceFindings(baseManifests, basePlacement),
            headCompliance: headPlacement.map { Placer.complianceFindings(headLoad.manifests, $0) } ?? [])
    }
}
