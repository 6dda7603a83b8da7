/// A position in a manifest file: 1-based line and column. Line 0 means "the whole file".
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 0, column: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }

    /// `path:line:column`, or just `path` for a whole-file location.
    public var description: String {
        line > 0 ? "\(path):\(line):\(column)" : path
    }
}

/// One finding about the input. Parse and validation problems are data, never thrown:
/// every one of them is collected and reported together.
public struct Diagnostic: Sendable, Hashable, Comparable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public var location: SourceLocation
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String

    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        self.location = location
        self.severity = code.severity
        self.code = code
        self.message = message
    }

    /// Sorted by path, line and column, then code and message, so output is stable.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.code != b.code { return a.code.rawValue < b.code.rawValue }
        return a.message < b.message
    }

    /// `path:line:column: error[CODE]: message`
    public var description: String {
        "\(location.description): \(severity.rawValue)[\(code.rawValue)]: \(message)"
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
