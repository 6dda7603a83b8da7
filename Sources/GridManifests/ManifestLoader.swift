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

    public var isValid: Bool { !diagnostics.hasErrors }
    public var summary: GridSummary { GridSummary(manifests) }
}

/// Reads every manifest of a source, in parallel, and validates the whole.
public enum ManifestLoader {
    /// Files handed to a worker at a time.
    static let chunk = 64

    public static func load(_ source: any ManifestSource, workers: Int? = nil) throws(SourceError) -> LoadResult {
        let listing = try source.listing()
        let entries = listing.entries
        let results = try decodeAll(entries, from: source, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)

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

    /// Decodes every file, `workers` threads at once, each with its own reader. Each chunk of
    /// files gives one result, and results keep the listing's order whatever thread decoded them.
    static func decodeAll(_ entries: [SourceEntry], from source: any ManifestSource, workers: Int) throws(SourceError) -> [FileResult] {
        let chunks = (entries.count + chunk - 1) / chunk
        let threads = max(1, min(workers, chunks))
        let slots = ResultSlots(count: chunks)
        let failures = ResultSlots(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let reader: any BlobReader
            do throws(SourceError) { reader = try source.makeReader() } catch {
                failures.set(worker, FileResult(diagnostics: [Diagnostic(.unreadable, error.message, at: SourceLocation(path: "."))]))
                return
            }
            for c in stride(from: worker, to: chunks, by: threads) {
                var result = FileResult()
                for entry in entries[(c * chunk)..<min(entries.count, (c + 1) * chunk)] {
                    do throws(SourceError) {
                        result.append(FileDecoder.decode(try reader.read(entry), path: entry.path))
                    } catch {
                        result.diagnostics.append(Diagnostic(.unreadable, error.message, at: SourceLocation(path: entry.path)))
                    }
                }
                slots.set(c, result)
            }
        }
        if let failure = failures.values.compactMap({ $0 }).first {
            throw SourceError(failure.diagnostics.first?.message ?? "cannot read the source")
        }
        return slots.values.map { $0 ?? FileResult() }
    }
}

/// Fixed slots that worker threads fill, each slot by exactly one thread.
private final class ResultSlots: @unchecked Sendable {
    private(set) var values: [FileResult?]
    private let lock = NSLock()

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: FileResult) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
