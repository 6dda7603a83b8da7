public import GridModel

extension LoadResult {
    /// How these manifests differ from those of the revision they were patched from, when
    /// only the content of some ModelServices changed: their positions in `modelServices`,
    /// ascending. Nil when the revision was loaded in full.
    public struct ServiceEdits: Sendable, Hashable {
        /// The commit patched from.
        public var base: String
        public var positions: [Int]
    }
}

extension ManifestLoader {
    /// The next revision's manifests made from the previous one's, when the commit changed
    /// only the content of files that hold ModelServices and nothing else, each declaring the
    /// same services in the same order as before: the changed files are decoded, their
    /// services put in place, and only those validated against the rest of the grid (nothing
    /// else can have changed, and every name and reference is as it was).
    ///
    /// - Parameters:
    ///   - base: a valid revision's result.
    ///   - files: each changed manifest file's path and new bytes.
    /// - Returns: nil when the commit does anything else (adds, removes or renames a file or a
    ///   document, touches another kind, or a changed file has an error): the caller loads
    ///   the revision in full, which finds and reports what is wrong.
    public static func patch(_ base: LoadResult, baseRevision: String, revision: String,
                             files: [(path: String, bytes: [UInt8])]) -> LoadResult? {
        guard base.isValid else { return nil }
        var next = base
        next.revision = revision
        var positions: [Int] = []
        var changedServices: [ModelService] = []
        var fileDiagnostics: [Diagnostic] = []
        let paths = Set(files.map(\.path))
        for file in files {
            let decoded = FileDecoder.decode(file.bytes, path: file.path)
            let services = decoded.manifests.modelServices
            guard !decoded.diagnostics.hasErrors, decoded.invalidKinds.isEmpty,
                  decoded.manifests.count == services.count,
                  !base.manifests.declaresOtherThanServices(at: file.path) else { return nil }
            let range = base.manifests.modelServices.range(at: file.path) { $0.metadata.source.path }
            guard range.count == services.count, !range.isEmpty else { return nil }
            for (position, service) in zip(range, services) {
                let old = base.manifests.modelServices[position]
                guard old.metadata.name == service.metadata.name, old.metadata.tenant?.name == service.metadata.tenant?.name else { return nil }
                if old != service {
                    next.manifests.modelServices[position] = service
                    positions.append(position)
                    changedServices.append(service)
                }
            }
            fileDiagnostics += decoded.diagnostics
        }
        // The changed files' diagnostics, and their services', replace those they had.
        var diagnostics = base.diagnostics.filter { !paths.contains($0.location.path) } + fileDiagnostics
        diagnostics += GridValidator.check(services: changedServices, in: next.manifests)
        guard !diagnostics.hasErrors else { return nil }
        diagnostics.sort()
        next.diagnostics = diagnostics
        next.edits = LoadResult.ServiceEdits(base: baseRevision, positions: positions.sorted())
        return next
    }
}

extension ManifestSet {
    /// Whether a manifest of a kind other than ModelService comes from `path`.
    fileprivate func declaresOtherThanServices(at path: String) -> Bool {
        func has<C: RandomAccessCollection>(_ c: C, _ source: (C.Element) -> String) -> Bool where C.Index == Int {
            !c.range(at: path, source).isEmpty
        }
        return has(grids) { $0.metadata.source.path } || has(sites) { $0.metadata.source.path }
            || has(tenants) { $0.metadata.source.path } || has(kubernetesClusters) { $0.metadata.source.path }
            || has(slurmClusters) { $0.metadata.source.path } || has(networkQoS) { $0.metadata.source.path }
            || has(placementPolicies) { $0.metadata.source.path } || has(compliancePolicies) { $0.metadata.source.path }
    }
}

extension RandomAccessCollection where Index == Int {
    /// The positions of the elements from file `path`, in a collection in path order (as
    /// every kind's list of a ManifestSet is).
    fileprivate func range(at path: String, _ source: (Element) -> String) -> Range<Int> {
        partitionPoint { source($0) < path }..<partitionPoint { source($0) <= path }
    }
}
