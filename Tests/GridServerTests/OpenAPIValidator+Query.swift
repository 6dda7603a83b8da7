import Foundation

// The query of a request the server accepted, against the parameters the document gives its operation.

extension OpenAPIValidator {
    /// The query parameters of an operation (its own and its path's), by name, `$ref`s resolved.
    func queryParameters(operation: [String: Any], item: [String: Any]) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for node in (item["parameters"] as? [Any] ?? []) + (operation["parameters"] as? [Any] ?? []) {
            guard let parameter = resolved(node) as? [String: Any], parameter["in"] as? String == "query",
                  let name = parameter["name"] as? String else { continue }
            out[name] = parameter
        }
        return out
    }

    /// A request the server accepted uses documented query parameters only, each with a value its schema
    /// allows (integers read as integers, the rest as strings).
    func queryProblems(_ path: String, operation: [String: Any], item: [String: Any]) -> [String] {
        guard let q = path.firstIndex(of: "?") else { return [] }
        let documented = queryParameters(operation: operation, item: item)
        var problems: [String] = []
        for pair in path[path.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let text = (parts.count > 1 ? String(parts[1]) : "").removingPercentEncoding ?? ""
            guard let parameter = documented[name] else {
                problems.append("query parameter '\(name)' is not documented")
                continue
            }
            let schema = resolved(parameter["schema"]) as? [String: Any] ?? [:]
            let value: Any = schema["type"] as? String == "integer" ? (Int(text).map { $0 as Any } ?? text) : text
            validate(value, against: parameter["schema"] ?? [:], at: "query.\(name)", into: &problems)
        }
        return problems
    }
}
