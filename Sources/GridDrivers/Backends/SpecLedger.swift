import Foundation
public import GridModel

/// The specs a transport last applied through one backend at one site, kept in a small
/// JSON file beside it (`<state>/<backend>.applied.json`), so that drift can be found field
/// by field from what the backend observes. Written after every change, atomically (a
/// rename): a crash leaves the file as it was before or after the change, never half.
///
/// Losing the file loses no resource: a resource the backend still marks as gridops's is
/// then compared by the hash of what it observes, as a first look would.
public final class SpecLedger: @unchecked Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        public var specHash: String
        public var spec: String
    }

    public let path: String
    private let lock = NSLock()
    private var entries: [String: Entry]

    /// Opens the ledger at `path`; a missing file is an empty ledger, an unreadable one an error.
    public init(path: String) throws(DriverError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            entries = [:]
            return
        }
        do {
            entries = try JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DriverError(.rejected, "cannot read the applied specs at \(path): \(error); move it away to start afresh")
        }
    }

    public func entry(_ id: ResourceID) -> Entry? {
        lock.withLock { entries[id.description] }
    }

    /// Records the outcome of a change made.
    public func record(_ action: SiteAction) throws(DriverError) {
        let data: Data = lock.withLock {
            switch action.verb {
            case .create, .update: entries[action.id.description] = Entry(specHash: action.specHash, spec: action.spec.canonical)
            case .delete: entries[action.id.description] = nil
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return (try? encoder.encode(entries)) ?? Data("{}".utf8)
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DriverError(.transient, "cannot write the applied specs at \(path): \(error)")
        }
    }

    /// The resource as the reconciler sees it. Marked as gridops's with the hash last applied:
    /// when what the backend observes matches the spec applied, field by field (fields it
    /// does not show keep their applied value), it is that spec and hash; otherwise the
    /// applied spec with what differs, whose new hash makes the diff report it as Modified
    /// with the fields that changed.
    public func observed(_ r: BackendResource) -> ObservedResource {
        guard case .gridops(let marked) = r.owner, let applied = entry(r.id),
              marked == nil || marked == applied.specHash else {
            return r.asObserved
        }
        if r.canonicalSpec == applied.spec {
            return ObservedResource(id: r.id, canonicalSpec: applied.spec, specHash: applied.specHash, managed: true, status: r.status)
        }
        var merged = ResourceSpec(canonical: applied.spec)
        for (key, value) in ResourceSpec(canonical: r.canonicalSpec).fields { merged[key] = value }
        let canonical = merged.canonical
        if canonical == applied.spec {
            return ObservedResource(id: r.id, canonicalSpec: applied.spec, specHash: applied.specHash, managed: true, status: r.status)
        }
        return ObservedResource(id: r.id, canonicalSpec: canonical, specHash: ResourceSpec.hash(ofCanonical: canonical),
                                managed: true, status: r.status)
    }
}

extension BackendResource {
    /// As the reconciler sees it with no applied spec to compare with: what it runs and its hash.
    public var asObserved: ObservedResource {
        let managed = if case .gridops = owner { true } else { false }
        return ObservedResource(id: id, canonicalSpec: canonicalSpec, specHash: specHash ?? ResourceSpec.hash(ofCanonical: canonicalSpec),
                                managed: managed, status: status)
    }
}
