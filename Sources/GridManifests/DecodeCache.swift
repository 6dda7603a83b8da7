import Foundation
import GridModel

/// Decoded files by path and blob id: what content addressing keeps between loads of
/// successive revisions. A commit that changes one file costs one file's parse.
///
/// Only sources that give blob ids (git commits) are cached; a working directory is always
/// read in full. Safe to share between threads.
public final class DecodeCache: @unchecked Sendable {
    private struct Key: Hashable {
        var path: String
        var blobID: String
    }

    private let lock = NSLock()
    private var files: [Key: FileResult] = [:]
    /// Files parsed by the last load (the rest came from the cache).
    public private(set) var lastParsed = 0

    public init() {}

    /// Results for `entries` in order: cached ones as they are, the others from `decode`
    /// (given the missing entries in order, it returns one result per entry). The cache then
    /// holds exactly `entries`.
    func decode(_ entries: [SourceEntry], _ decode: ([SourceEntry]) throws(SourceError) -> [FileResult]) throws(SourceError) -> [FileResult] {
        let known = lock.withLock { files }
        var missing: [SourceEntry] = []
        for entry in entries {
            guard let blob = entry.blobID, known[Key(path: entry.path, blobID: blob)] != nil else {
                missing.append(entry)
                continue
            }
        }
        let fresh = missing.isEmpty ? [] : try decode(missing)
        var out: [FileResult] = []
        out.reserveCapacity(entries.count)
        var next: [Key: FileResult] = [:]
        next.reserveCapacity(entries.count)
        var m = 0
        for entry in entries {
            let result: FileResult
            if let blob = entry.blobID, let cached = known[Key(path: entry.path, blobID: blob)] {
                result = cached
            } else {
                result = fresh[m]
                m += 1
            }
            if let blob = entry.blobID { next[Key(path: entry.path, blobID: blob)] = result }
            out.append(result)
        }
        lock.withLock {
            files = next
            lastParsed = missing.count
        }
        return out
    }
}
