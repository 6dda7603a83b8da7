public import GridModel

/// A source held in memory: the fake beside GitSource and DirectorySource, for unit tests that
/// need no disk. Applies the same listing rules (manifest paths under manifests/ and policies/).
public struct InMemorySource: ManifestSource {
    public var files: [String: [UInt8]]
    public var revision: String?

    public init(_ files: [String: String], revision: String? = nil) {
        self.files = files.mapValues { Array($0.utf8) }
        self.revision = revision
    }

    public init(bytes files: [String: [UInt8]], revision: String? = nil) {
        self.files = files
        self.revision = revision
    }

    public func listing() throws(SourceError) -> SourceListing {
        let entries = files.keys
            .filter { path in SourceLimits.isManifestPath(path) && SourceLimits.roots.contains { path.hasPrefix($0 + "/") } }
            .sorted()
            .map { SourceEntry(path: $0, size: files[$0]?.count) }
        return SourceListing(entries: entries)
    }

    public func makeReader() throws(SourceError) -> any BlobReader {
        Reader(files: files)
    }

    struct Reader: BlobReader {
        let files: [String: [UInt8]]

        func read(_ entry: SourceEntry) throws(SourceError) -> [UInt8] {
            guard let bytes = files[entry.path] else { throw SourceError("\(entry.path): no such file") }
            return bytes
        }
    }
}
