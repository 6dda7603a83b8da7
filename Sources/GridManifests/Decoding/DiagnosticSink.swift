import GridModel

/// Collects diagnostics for one file while its documents are decoded. One per file, one thread.
final class DiagnosticSink {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) {
        self.path = path
    }

    func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    func location(of node: YAMLNode) -> SourceLocation {
        location(node.line, node.column)
    }

    func report(_ code: DiagnosticCode, _ message: String, at node: YAMLNode) {
        diagnostics.append(Diagnostic(code, message, at: location(of: node)))
    }

    func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(code, message, at: location))
    }
}
