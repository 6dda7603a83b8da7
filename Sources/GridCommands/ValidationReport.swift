import Foundation
import GridManifests
import GridModel

/// How `validate` shows a LoadResult, to people and to tools.
enum ValidationReport {
    static func text(_ result: LoadResult) -> String {
        var out = ""
        for diagnostic in result.diagnostics {
            out += diagnostic.description + "\n"
        }
        let at = result.revision.map { " at \($0.prefix(12))" } ?? ""
        let errors = result.diagnostics.errorCount
        let warnings = result.diagnostics.warningCount
        let verdict = errors == 0 ? "valid" : "invalid: \(errors) error\(errors == 1 ? "" : "s")"
        let warned = warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"
        out += "\(verdict)\(warned) in \(result.files) file\(result.files == 1 ? "" : "s")\(at)\n"
        out += result.summary.line + "\n"
        return out
    }

    struct JSONReport: Encodable {
        struct Entry: Encodable {
            var path: String
            var line: Int
            var column: Int
            var severity: String
            var code: String
            var name: String
            var message: String
        }

        var valid: Bool
        var revision: String?
        var files: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [Entry]
        var summary: GridSummary
    }

    static func json(_ result: LoadResult) -> String {
        let report = JSONReport(
            valid: result.isValid, revision: result.revision, files: result.files,
            errors: result.diagnostics.errorCount, warnings: result.diagnostics.warningCount,
            diagnostics: result.diagnostics.map {
                .init(path: $0.location.path, line: $0.location.line, column: $0.location.column,
                      severity: $0.severity.rawValue, code: $0.code.rawValue, name: $0.code.slug, message: $0.message)
            },
            summary: result.summary)
        return (try? encodeJSON(report)) ?? "{}"
    }
}
