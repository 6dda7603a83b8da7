import Foundation
public import GridModel

/// Manifests in a working directory, to check them before committing. Applies the same
/// refusals as a commit: symlinks are never followed, nested repositories are submodules.
public struct DirectorySource: ManifestSource {
    public let root: String

    public var revision: String? { nil }

    public init(root: String) throws(SourceError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SourceError("\(root) is not a directory")
        }
        self.root = root
    }

    public func listing() throws(SourceError) -> SourceListing {
        var listing = SourceListing(entries: [])
        var files = 0
        func walk(_ relative: String) {
            let absolute = root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else {
                listing.diagnostics.append(Diagnostic(.unreadable, "cannot list folder", at: SourceLocation(path: relative)))
                return
            }
            for name in names.sorted() {
                let path = relative + "/" + name
                let type = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path))?[.type] as? FileAttributeType
                switch type {
                case .typeSymbolicLink?:
                    listing.diagnostics.append(Diagnostic(
                        .symlink, "symbolic link refused: manifests are read from regular files only",
                        at: SourceLocation(path: path)))
                case .typeDirectory?:
                    if FileManager.default.fileExists(atPath: root + "/" + path + "/.git") {
                        listing.diagnostics.append(Diagnostic(
                            .submodule, "nested repository refused: gridops does not read other repositories' trees",
                            at: SourceLocation(path: path)))
                    } else {
                        walk(path)
                    }
                case .typeRegular?:
                    guard SourceLimits.isManifestPath(path) else { continue }
                    files += 1
                    if files == SourceLimits.maxFiles + 1 {
                        listing.diagnostics.append(Diagnostic(
                            .tooManyFiles, "more than \(SourceLimits.maxFiles) manifest files: refusing the tree",
                            at: SourceLocation(path: path)))
                    }
                    if files <= SourceLimits.maxFiles {
                        listing.entries.append(SourceEntry(path: path))
                    }
                default:
                    continue
                }
            }
        }
        for top in SourceLimits.roots {
            var isDirectory: ObjCBool = false
            let absolute = root + "/" + top
            let type = (try? FileManager.default.attributesOfItem(atPath: absolute))?[.type] as? FileAttributeType
            if type == .typeSymbolicLink {
                listing.diagnostics.append(Diagnostic(
                    .symlink, "symbolic link refused: manifests are read from regular files only",
                    at: SourceLocation(path: top)))
            } else if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue {
                walk(top)
            }
        }
        listing.entries.sort { $0.path < $1.path }
        if files > SourceLimits.maxFiles { listing.entries.removeAll() }
        return listing
    }

    public func makeReader() throws(SourceError) -> any BlobReader {
        FileReader(root: root)
    }
}

struct FileReader: BlobReader {
    let root: String

    func read(_ entry: SourceEntry) throws(SourceError) -> [UInt8] {
        let path = root + "/" + entry.path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceError("\(entry.path): cannot open")
        }
        defer { try? handle.close() }
        // Read one byte past the limit: enough to know the file is too large, without reading it all.
        let data = (try? handle.read(upToCount: SourceLimits.maxFileBytes + 1)) ?? Data()
        return [UInt8](data)
    }
}
