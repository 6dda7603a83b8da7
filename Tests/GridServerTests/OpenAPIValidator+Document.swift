import Foundation

// MARK: - Checking the document

extension OpenAPIValidator {
    /// Keywords the validator does not check, formats other than date-time, `$ref`s that do not
    /// resolve, responses without a description, and `required` names a closed object does not declare.
    func documentProblems() -> [String] {
        var problems: [String] = []
        let schemas = object(at: ["components", "schemas"]) as? [String: Any] ?? [:]
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            checkSchema(schema, at: "#/components/schemas/\(name)", into: &problems)
        }
        var responses: [(String, Any)] = (object(at: ["components", "responses"]) as? [String: Any] ?? [:])
            .map { ("#/components/responses/\($0.key)", $0.value) }
        for template in pathTemplates {
            let item = object(at: ["paths", template]) as? [String: Any] ?? [:]
            for method in ["get", "put", "post", "delete", "patch", "head", "options", "trace"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let documented = operation["responses"] as? [String: Any] ?? [:]
                if documented.isEmpty { problems.append("\(method.uppercased()) \(template): no responses") }
                responses += documented.map { ("\(method.uppercased()) \(template) \($0.key)", $0.value) }
            }
        }
        for template in pathTemplates {
            let item = object(at: ["paths", template]) as? [String: Any] ?? [:]
            var nodes = item["parameters"] as? [Any] ?? []
            for method in ["get", "post"] { nodes += (item[method] as? [String: Any])?["parameters"] as? [Any] ?? [] }
            for node in nodes {
                guard let parameter = resolved(node) as? [String: Any], let name = parameter["name"] as? String,
                      let schema = parameter["schema"] else {
                    problems.append("\(template): a parameter does not resolve, or has no name or schema")
                    continue
                }
                checkSchema(schema, at: "\(template) parameter \(name)", into: &problems)
            }
        }
        for (location, node) in responses.sorted(by: { $0.0 < $1.0 }) {
            guard let response = resolved(node) as? [String: Any] else {
                problems.append("\(location): $ref does not resolve")
                continue
            }
            if response["description"] == nil { problems.append("\(location): no description") }
            for (media, entry) in response["content"] as? [String: Any] ?? [:] {
                if let schema = (entry as? [String: Any])?["schema"] {
                    checkSchema(schema, at: "\(location) \(media)", into: &problems)
                }
            }
        }
        return problems
    }

    func checkSchema(_ schema: Any, at pointer: String, into problems: inout [String]) {
        if JSONKind.of(schema) == .boolean { return }
        guard let schema = schema as? [String: Any] else {
            problems.append("\(pointer): a schema must be an object or a boolean")
            return
        }
        for key in schema.keys.sorted() where !Self.checkedKeywords.contains(key) && !Self.annotations.contains(key) {
            problems.append("\(pointer): the validator does not check \"\(key)\"")
        }
        if let ref = schema["$ref"], (ref as? String).flatMap(resolve) == nil {
            problems.append("\(pointer): $ref \(ref) does not resolve")
        }
        if let format = schema["format"], format as? String != "date-time" {
            problems.append("\(pointer): the validator does not check format \(format)")
        }
        let properties = schema["properties"] as? [String: Any]
        for (name, property) in (properties ?? [:]).sorted(by: { $0.key < $1.key }) {
            checkSchema(property, at: "\(pointer)/properties/\(name)", into: &problems)
        }
        if let properties, JSONKind.of(schema["additionalProperties"] ?? true) == .boolean,
           schema["additionalProperties"] as? Bool == false {
            for name in schema["required"] as? [String] ?? [] where properties[name] == nil {
                problems.append("\(pointer): required \"\(name)\" is not among its properties")
            }
        }
        for key in ["items", "additionalProperties", "propertyNames"] {
            if let sub = schema[key] { checkSchema(sub, at: "\(pointer)/\(key)", into: &problems) }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for (index, sub) in (schema[key] as? [Any] ?? []).enumerated() {
                checkSchema(sub, at: "\(pointer)/\(key)/\(index)", into: &problems)
            }
        }
    }
}
