import Foundation
public import GridModel

/// The outcome of reading and validating one revision.
public struct LoadResult: Sendable {
    /// The commit id, or nil for a working directory.
    public var revision: String?
    public var files: Int
    /// The manifests that decoded cleanly. Applied only when `isValid`.
    public var manifests: ManifestSet
    /// Every diagnostic, sorted by path, line and column.
    public var diagnostics: [Diagnostic]
    /// Set when this result was patched from an earlier revision's (see `ManifestLoader.patch`).
    public var edits: ServiceEdits?

    public var isValid: Bool { !diagnostics.hasErrors }
    public var summary: GridSummary { GridSummary(manifests) }
}

/// Reads every manifest of a source, in parallel, and validates the whole.
public enum ManifestLoader {
    /// Files handed to a worker at a time.
    static let chunk = 64

    /// - Parameter cache: decoded files by path and blob id, from earlier loads. A file whose
    ///   blob did not change is not read or parsed again (content addressing); the cache is
    ///   left holding exactly this revision's files.
    public static func load(_ source: any ManifestSource, workers: Int? = nil, cache: DecodeCache? = nil) throws(SourceError) -> LoadResult {
        let listing = try source.listing()
        let entries = listing.entries
        let results: [FileResult]
        if let cache {
            results = try cache.decode(entries) { missing throws(SourceError) in
                try decodeAll(missing, from: source, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
            }
        } else {
            results = try decodeAll(entries, from: source, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
        }

        var all = FileResult(diagnostics: listing.diagnostics)
        for result in results { all.append(result) }
        var diagnostics = all.diagnostics
        if entries.isEmpty, listing.diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.noFiles, "no *.yaml or *.yml files under manifests/ or policies/",
                                          at: SourceLocation(path: "manifests")))
        }
        var validator = GridValidator(grid: all.manifests, identities: all.identities, invalidKinds: all.invalidKinds)
        diagnostics += validator.run()
        diagnostics.sort()
        return LoadResult(revision: source.revision, files: entries.count, manifests: validator.grid,
                          diagnostics: diagnostics)
    }

    /// Decodes every file, `workers` threads at once, each with its own reader; one result
    /// per entry, in the listing's order whatever thread decoded it.
    static func decodeAll(_ entries: [SourceEntry], from source: any ManifestSource, workers: Int) throws(SourceError) -> [FileResult] {
        guard !entries.isEmpty else { return [] }
        let chunks = (entries.count + chunk - 1) / chunk
        let threads = max(1, min(workers, chunks))
        let slots = ResultSlots<[FileResult]>(count: chunks)
        let failures = ResultSlots<String>(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let reader: any BlobReader
            do throws(SourceError) { reader = try source.makeReader() } catch {
                failures.set(worker, error.message)
                return
            }
            for c in stride(from: worker, to: chunks, by: threads) {
                var results: [FileResult] = []
                for entry in entries[(c * chunk)..<min(entries.count, (c + 1) * chunk)] {
                    do throws(SourceError) {
                        results.append(FileDecoder.decode(try reader.read(entry), path: entry.path))
                    } catch {
                        results.append(FileResult(diagnostics: [Diagnostic(.unreadable, error.message, at: SourceLocation(path: entry.path))]))
                    }
                }
                slots.set(c, results)
            }
        }
        if let failure = failures.values.compactMap({ $0 }).first {
            throw SourceError(failure)
        }
        return slots.values.flatMap { $0 ?? [] }
    }
}

/// Fixed slots that worker threads fill, each slot by exactly one thread.
private final class ResultSlots<Value>: @unchecked Sendable {
    private(set) var values: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
