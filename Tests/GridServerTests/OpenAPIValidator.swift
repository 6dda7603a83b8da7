import Foundation

/// Checks HTTP responses against an OpenAPI 3.1 document, for the subset of JSON Schema that
/// `OpenAPIDocument` uses: `$ref`, `type`, `properties`, `required`, `additionalProperties`,
/// `propertyNames`, `items`, `minItems`/`maxItems`, `enum`, `const`, `format: date-time`,
/// `minimum`/`maximum`, `allOf`/`anyOf`/`oneOf`. It works on what `JSONSerialization` gives.
///
/// `init` refuses a document that uses any other keyword or format, a `$ref` that does not
/// resolve, or a `required` property a closed object does not declare: nothing is silently skipped.
///
/// `@unchecked Sendable`: every stored property is an immutable value read from JSON once.
struct OpenAPIValidator: @unchecked Sendable {
    struct DocumentError: Error, CustomStringConvertible {
        var description: String
    }

    /// The document as `JSONSerialization` read it.
    let document: [String: Any]
    /// Every key of `paths`, sorted.
    let pathTemplates: [String]

    init(document text: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw DocumentError(description: "the document is not JSON: \(error)")
        }
        guard let document = object as? [String: Any], let paths = document["paths"] as? [String: Any] else {
            throw DocumentError(description: "the document is not an object with `paths`")
        }
        self.document = document
        pathTemplates = paths.keys.sorted()
        let problems = documentProblems()
        if !problems.isEmpty {
            throw DocumentError(description: problems.joined(separator: "\n"))
        }
    }

    /// Problems with `body` as the response of `method path` with `status`, [] when it conforms.
    /// `path` has concrete values (`/api/v1/sites/fra-edge-1`) and may have a query string, which is
    /// ignored. An unknown path, method or status is itself a problem. JSON bodies are checked
    /// against the schema; other content types only for being the documented one.
    func problems(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let what = "\(method.uppercased()) \(path) → \(status)"
        guard let template = template(matching: path) else {
            return ["\(what): no path of the document matches"]
        }
        guard let item = resolved(object(at: ["paths", template])) as? [String: Any],
              let operation = item[method.lowercased()] as? [String: Any] else {
            return ["\(what): \(method.uppercased()) is not documented for \(template)"]
        }
        if (200..<300).contains(status) {
            let queryProblems = self.queryProblems(path, operation: operation, item: item)
            if !queryProblems.isEmpty { return queryProblems.map { "\(what): \($0)" } }
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        let keys = ["\(status)", "\(status / 100)XX", "\(status / 100)xx", "default"]
        guard let response = keys.lazy.compactMap({ responses[$0] }).first.flatMap({ resolved($0) }) as? [String: Any] else {
            let documented = responses.keys.sorted().joined(separator: ", ")
            return ["\(what): status \(status) is not documented for \(method.uppercased()) \(template)"
                + " (documented: \(documented))"]
        }
        guard let content = response["content"] as? [String: Any], !content.isEmpty else {
            return body.isEmpty ? [] : ["\(what): the document gives no body, got \(body.count) bytes"]
        }
        let documented = content.keys.sorted().joined(separator: ", ")
        guard let contentType else {
            return ["\(what): no Content-Type (documented: \(documented))"]
        }
        let media = Self.mediaType(contentType)
        guard let entry = content.first(where: { $0.key.lowercased() == media })?.value as? [String: Any] else {
            return ["\(what): Content-Type \(contentType) is not documented (documented: \(documented))"]
        }
        guard media == "application/json" || media.hasSuffix("+json"), let schema = entry["schema"] else {
            return []
        }
        return problems(json: body, schema: schema)
    }

    /// Problems with `body` as an instance of `#/components/schemas/<component>`.
    func problems(component: String, body: Data) -> [String] {
        problems(json: body, schema: ["$ref": "#/components/schemas/\(component)"])
    }

    /// The templated path `path` matches, ignoring its query; the one with most literal
    /// segments when several do (`/sites/mine` before `/sites/{name}`).
    func template(matching path: String) -> String? {
        let bare = path.prefix { $0 != "?" && $0 != "#" }
        let segments = bare.split(separator: "/", omittingEmptySubsequences: false)
        var best: (template: String, literals: Int)?
        for template in pathTemplates {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { continue }
            var literals = 0
            let matches = zip(parts, segments).allSatisfy { part, segment in
                if part.hasPrefix("{") && part.hasSuffix("}") { return !segment.isEmpty }
                literals += 1
                return part == segment
            }
            if matches, literals > best?.literals ?? -1 { best = (template, literals) }
        }
        return best?.template
    }

    /// `text/plain; charset=utf-8` → `text/plain`.
    static func mediaType(_ contentType: String) -> String {
        contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
    }

    // MARK: Resolving

    /// The node at `#/<pointer>` (`~1` is `/`, `~0` is `~`), nil when there is none.
    func resolve(_ ref: String) -> Any? {
        guard ref.hasPrefix("#/") else { return nil }
        let tokens = ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        return object(at: tokens)
    }

    func object(at tokens: [String]) -> Any? {
        var node: Any = document
        for token in tokens {
            guard let next = (node as? [String: Any])?[token] else { return nil }
            node = next
        }
        return node
    }

    /// `node`, or what its `$ref` points at (followed to the end; nil when it does not resolve).
    func resolved(_ node: Any?) -> Any? {
        var node = node
        var seen: Set<String> = []
        while let ref = (node as? [String: Any])?["$ref"] as? String {
            guard seen.insert(ref).inserted else { return nil }
            node = resolve(ref)
        }
        return node
    }

    private func problems(json body: Data, schema: Any) -> [String] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: body, options: .fragmentsAllowed)
        } catch {
            return ["$: the body is not JSON (\(String(decoding: body.prefix(80), as: UTF8.self)))"]
        }
        var problems: [String] = []
        validate(value, against: schema, at: "$", into: &problems)
        return problems
    }
}

// MARK: - Validating

extension OpenAPIValidator {
    /// What a JSON value is, telling booleans from numbers and integers from other numbers.
    enum JSONKind: String, Sendable {
        case null, boolean, integer, number, string, array, object, unknown

        /// Darwin and Linux Foundation both give `true`/`false` as this NSNumber subclass
        /// (`__NSCFBoolean`), and also bridge a 1 or 0 to `Bool`: so `as? Bool` cannot tell.
        private static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

        static func of(_ value: Any) -> JSONKind {
            if value is NSNull { return .null }
            if type(of: value) == Bool.self { return .boolean }
            if value is String { return .string }
            if value is [Any] { return .array }
            if value is [String: Any] { return .object }
            guard let number = value as? NSNumber else { return .unknown }
            if ObjectIdentifier(type(of: number)) == booleanClass || String(cString: number.objCType) == "B" {
                return .boolean
            }
            switch String(cString: number.objCType) {
            case "d", "f":
                let double = number.doubleValue
                return double.isFinite && double.rounded() == double ? .integer : .number
            default:
                return .integer
            }
        }

        /// Whether a value of this kind is a JSON Schema `type`: every integer is a number.
        func isInstance(of type: String) -> Bool {
            type == rawValue || (type == "number" && self == .integer)
        }
    }

    static let checkedKeywords: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "propertyNames", "items",
        "minItems", "maxItems", "enum", "const", "format", "minimum", "maximum", "allOf", "anyOf", "oneOf",
    ]
    static let annotations: Set<String> = [
        "description", "title", "default", "example", "examples", "deprecated", "readOnly", "writeOnly", "$comment",
    ]

    func validate(_ value: Any, against schema: Any, at path: String, into problems: inout [String]) {
        if JSONKind.of(schema) == .boolean {
            if schema as? Bool == false { problems.append("\(path): not allowed here") }
            return
        }
        guard let schema = schema as? [String: Any] else {
            problems.append("\(path): the document's schema here is not an object")
            return
        }
        if let ref = schema["$ref"] as? String {
            guard let target = resolve(ref) else {
                problems.append("\(path): $ref \(ref) does not resolve")
                return
            }
            validate(value, against: target, at: path, into: &problems)
        }
        for sub in schema["allOf"] as? [Any] ?? [] {
            validate(value, against: sub, at: path, into: &problems)
        }
        if let options = schema["anyOf"] as? [Any] {
            let results = options.map { self.problems(of: value, against: $0, at: path) }
            if !results.contains(where: \.isEmpty) {
                problems.append("\(path): matches none of anyOf; closest: \(Self.closest(results))")
            }
        }
        if let options = schema["oneOf"] as? [Any] {
            let results = options.map { self.problems(of: value, against: $0, at: path) }
            let matched = results.filter(\.isEmpty).count
            if matched == 0 {
                problems.append("\(path): matches none of oneOf; closest: \(Self.closest(results))")
            } else if matched > 1 {
                problems.append("\(path): matches \(matched) of oneOf, not exactly one")
            }
        }
        let kind = JSONKind.of(value)
        if let type = schema["type"] {
            let types = (type as? String).map { [$0] } ?? type as? [String] ?? []
            guard types.contains(where: kind.isInstance(of:)) else {
                problems.append("\(path): expected \(types.joined(separator: " or ")), got \(kind.rawValue)")
                return
            }
        }
        if let values = schema["enum"] as? [Any], !values.contains(where: { Self.equal($0, value) }) {
            problems.append("\(path): \(Self.describe(value)) is not one of \(values.map(Self.describe).joined(separator: ", "))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            problems.append("\(path): expected \(Self.describe(constant)), got \(Self.describe(value))")
        }
        switch kind {
        case .string:
            if schema["format"] as? String == "date-time", let text = value as? String, !Self.isDateTime(text) {
                problems.append("\(path): \(Self.describe(value)) is not an RFC 3339 date-time")
            }
        case .integer, .number:
            let number = (value as? NSNumber)?.doubleValue ?? .nan
            if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, number < minimum {
                problems.append("\(path): \(Self.describe(value)) is less than the minimum \(Self.describe(minimum))")
            }
            if let maximum = (schema["maximum"] as? NSNumber)?.doubleValue, number > maximum {
                problems.append("\(path): \(Self.describe(value)) is more than the maximum \(Self.describe(maximum))")
            }
        case .array:
            validateArray(value as? [Any] ?? [], schema, at: path, into: &problems)
        case .object:
            validateObject(value as? [String: Any] ?? [:], schema, at: path, into: &problems)
        case .null, .boolean, .unknown:
            break
        }
    }

    private func validateArray(_ array: [Any], _ schema: [String: Any], at path: String, into problems: inout [String]) {
        if let minItems = schema["minItems"] as? Int, array.count < minItems {
            problems.append("\(path): \(array.count) items, fewer than the minimum \(minItems)")
        }
        if let maxItems = schema["maxItems"] as? Int, array.count > maxItems {
            problems.append("\(path): \(array.count) items, more than the maximum \(maxItems)")
        }
        if let items = schema["items"] {
            for (index, element) in array.enumerated() {
                validate(element, against: items, at: "\(path)[\(index)]", into: &problems)
            }
        }
    }

    private func validateObject(_ object: [String: Any], _ schema: [String: Any], at path: String,
                                into problems: inout [String]) {
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for name in schema["required"] as? [String] ?? [] where object[name] == nil {
            problems.append("\(Self.member(path, name)): required property is missing")
        }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            let at = Self.member(path, name)
            if let names = schema["propertyNames"] {
                validate(name, against: names, at: "\(at) (name)", into: &problems)
            }
            if let property = properties[name] {
                validate(value, against: property, at: at, into: &problems)
            } else if let additional = schema["additionalProperties"] {
                if JSONKind.of(additional) == .boolean, additional as? Bool == false {
                    problems.append("\(at): property not in the schema")
                } else {
                    validate(value, against: additional, at: at, into: &problems)
                }
            }
        }
    }

    private func problems(of value: Any, against schema: Any, at path: String) -> [String] {
        var problems: [String] = []
        validate(value, against: schema, at: path, into: &problems)
        return problems
    }

    private static func closest(_ results: [[String]]) -> String {
        results.min { $0.count < $1.count }?.joined(separator: "; ") ?? "-"
    }

    /// `$.a` + `b` → `$.a.b`; names that are not identifiers are quoted: `$.quota["A100-80GB"]`.
    static func member(_ path: String, _ name: String) -> String {
        let identifier = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return identifier ? "\(path).\(name)" : "\(path)[\(describe(name))]"
    }

    /// A value as JSON text, for messages.
    static func describe(_ value: Any) -> String {
        switch JSONKind.of(value) {
        case .boolean: return value as? Bool == true ? "true" : "false"
        case .integer: return "\((value as? NSNumber)?.int64Value ?? 0)"
        case .null: return "null"
        default:
            let options: JSONSerialization.WritingOptions = [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: options) else { return "\(value)" }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// JSON equality: numbers by value, never a boolean equal to a number.
    static func equal(_ lhs: Any, _ rhs: Any) -> Bool {
        let kinds = (JSONKind.of(lhs), JSONKind.of(rhs))
        switch kinds {
        case (.integer, .integer), (.integer, .number), (.number, .integer), (.number, .number):
            return (lhs as? NSNumber)?.doubleValue == (rhs as? NSNumber)?.doubleValue
        case (.boolean, .boolean): return lhs as? Bool == rhs as? Bool
        case (.string, .string): return lhs as? String == rhs as? String
        case (.null, .null): return true
        case (.array, .array):
            guard let lhs = lhs as? [Any], let rhs = rhs as? [Any], lhs.count == rhs.count else { return false }
            return zip(lhs, rhs).allSatisfy { equal($0, $1) }
        case (.object, .object):
            guard let lhs = lhs as? [String: Any], let rhs = rhs as? [String: Any], lhs.count == rhs.count else { return false }
            return lhs.allSatisfy { key, value in rhs[key].map { equal(value, $0) } ?? false }
        default: return false
        }
    }

    /// RFC 3339 `date-time`: `2026-03-01T12:00:00Z`, with optional fractional seconds, `Z` or `±hh:mm`.
    static func isDateTime(_ text: String) -> Bool {
        let c = Array(text.utf8)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= c.count else { return nil }
            var value = 0
            for byte in c[start ..< start + length] {
                guard (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func at(_ index: Int, _ characters: String) -> Bool { index < c.count && characters.utf8.contains(c[index]) }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2),
              at(10, "Tt"), let hour = number(11, 2), at(13, ":"), let minute = number(14, 2), at(16, ":"),
              let second = number(17, 2) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1 ... 12).contains(month), (1 ... days[month - 1]).contains(day), hour < 24, minute < 60, second <= 60
        else { return false }
        var index = 19
        if at(index, ".") {
            index += 1
            let start = index
            while number(index, 1) != nil { index += 1 }
            guard index > start else { return false }
        }
        if at(index, "Zz") {
            index += 1
        } else if at(index, "+-"), let offsetHour = number(index + 1, 2), at(index + 3, ":"),
                  let offsetMinute = number(index + 4, 2), offsetHour < 24, offsetMinute < 60 {
            index += 6
        } else {
            return false
        }
        return index == c.count
    }
}
