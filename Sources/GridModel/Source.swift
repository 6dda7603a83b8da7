/// Where manifests come from: a git commit, or a working directory (to check before committing).
/// Sources list and read files; they never parse.
public protocol ManifestSource: Sendable {
    /// The commit id the files come from; nil for a working directory.
    var revision: String? { get }
    /// Every `*.yaml`/`*.yml` file under `manifests/` and `policies/`, sorted by path, plus a
    /// diagnostic for each entry refused (symlink, submodule, too many files).
    func listing() throws(SourceError) -> SourceListing
    /// A reader for one thread of work. Readers are never shared between threads.
    func makeReader() throws(SourceError) -> any BlobReader
}

public protocol BlobReader {
    func read(_ entry: SourceEntry) throws(SourceError) -> [UInt8]
}

/// One file of a source.
public struct SourceEntry: Sendable, Hashable {
    public var path: String
    /// The git blob id (hex), when the source is a commit: unchanged id, unchanged content.
    public var blobID: String?
    /// The size in bytes when known before reading.
    public var size: Int?

    public init(path: String, blobID: String? = nil, size: Int? = nil) {
        self.path = path
        self.blobID = blobID
        self.size = size
    }
}

public struct SourceListing: Sendable {
    public var entries: [SourceEntry]
    public var diagnostics: [Diagnostic]

    public init(entries: [SourceEntry], diagnostics: [Diagnostic] = []) {
        self.entries = entries
        self.diagnostics = diagnostics
    }
}

/// The source could not be read at all (no repository, unknown revision, I/O failure):
/// unlike a Diagnostic, nothing can be said about the manifests.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Limits that keep hostile input cheap, shared by every source.
public enum SourceLimits {
    public static let maxFileBytes = 1 << 20
    public static let maxFiles = 200_000
    public static let roots = ["manifests", "policies"]

    /// Whether a path names a manifest file (`*.yaml` or `*.yml`).
    public static func isManifestPath(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }
}
