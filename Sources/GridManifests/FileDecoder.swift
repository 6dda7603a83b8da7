import GridModel

/// What some files gave: their valid manifests, the identity of every document (valid or
/// not, in order), the kinds of the invalid ones, and every diagnostic. Identities are made
/// here, on the worker threads, so the grid-wide checks start with them ready.
struct FileResult: Sendable {
    var manifests = ManifestSet()
    var identities: [Identity] = []
    var invalidKinds: Set<Kind> = []
    var diagnostics: [Diagnostic] = []

    mutating func append(_ other: FileResult) {
        manifests.append(contentsOf: other.manifests)
        identities += other.identities
        invalidKinds.formUnion(other.invalidKinds)
        diagnostics += other.diagnostics
    }
}


/// Turns one file's bytes into manifests: size and text checks first (cheap refusals), then
/// libyaml, then the schema of each document's kind.
enum FileDecoder {
    static func decode(_ bytes: [UInt8], path: String) -> FileResult {
        var result = FileResult()
        let file = SourceLocation(path: path)
        guard bytes.count <= SourceLimits.maxFileBytes else {
            result.diagnostics.append(Diagnostic(.fileTooLarge,
                "file is larger than \(SourceLimits.maxFileBytes / (1 << 20)) MiB: refused before parsing (split it into several files)",
                at: file))
            return result
        }
        return bytes.withUnsafeBufferPointer { buffer in
            if let problem = firstTextProblem(buffer) {
                let at = SourceLocation(path: path, line: problem.line, column: problem.column)
                switch problem.kind {
                case .nul:
                    result.diagnostics.append(Diagnostic(.binaryFile,
                        "binary data (a NUL byte): manifests must be UTF-8 text", at: at))
                case .invalidUTF8:
                    let utf16 = buffer.count >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF))
                    result.diagnostics.append(Diagnostic(.notUTF8,
                        utf16 ? "UTF-16 text (byte order mark): save the file as UTF-8"
                              : "not UTF-8 text (invalid byte sequence): save the file as UTF-8", at: at))
                }
                return result
            }
            let parsed = YAMLParser.parse(buffer, path: path)
            result.diagnostics = parsed.diagnostics
            let sink = DiagnosticSink(path: path)
            var documents = 0
            for document in parsed.documents where !document.root.isNull {
                documents += 1
                switch DocumentDecoder.decode(document, sink: sink) {
                case .manifest(let manifest):
                    result.manifests.add(manifest)
                    result.identities.append(Identity(manifest.kind, manifest.metadata))
                case .invalid(let kind, let tenant, let name):
                    let at = SourceLocation(path: path, line: document.root.line, column: document.root.column)
                    result.identities.append(Identity(kind: kind, tenant: tenant, name: name, at: at))
                    result.invalidKinds.insert(kind)
                case .unreadable:
                    break
                }
            }
            result.diagnostics += sink.diagnostics
            if documents == 0, parsed.diagnostics.isEmpty {
                result.diagnostics.append(Diagnostic(.emptyFile, "no documents in this file", at: file))
            }
            return result
        }
    }
}
