import GridModel

/// Reads the fields of one YAML mapping against a schema. Every getter names a field the
/// schema knows; `finish()` reports every other key as unknown, with a "did you mean".
/// Scalars are decoded by the field's type, never guessed: a string keeps `NO`, `off`,
/// `1.10` as written; a boolean takes only `true`/`false`; numbers parse strictly.
struct Fields {
    let node: YAMLNode
    let entries: [YAMLEntry]
    /// Dotted path of this mapping in the document (`spec.gpus[1]`), for messages.
    let prefix: String
    let sink: DiagnosticSink
    private var known: [String] = []

    /// Nil (with a diagnostic) when `node` is not a mapping.
    init?(_ node: YAMLNode, prefix: String, sink: DiagnosticSink) {
        guard case .mapping(let entries) = node.content else {
            if prefix.isEmpty {
                sink.report(.notAMapping,
                    "a manifest document must be a mapping (apiVersion, kind, metadata, spec), found \(node.typeDescription)", at: node)
            } else {
                sink.report(node.isNull ? .missingField : .wrongType,
                            "'\(prefix)' must be a mapping, found \(node.typeDescription)", at: node)
            }
            return nil
        }
        self.node = node
        self.entries = entries
        self.prefix = prefix
        self.sink = sink
        known.reserveCapacity(16)
    }

    func fieldPath(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    /// The value of `key`, marking the key as known. Null counts as absent; a missing required
    /// field is reported at the mapping.
    mutating func value(_ key: String, required: Bool) -> YAMLNode? {
        known.append(key)
        let entry = entries.first { $0.key == key }
        if let entry, !entry.value.isNull { return entry.value }
        if required {
            if let entry {
                sink.report(.missingField, "required field '\(fieldPath(key))' is null: give it a value",
                            at: sink.location(of: entry.value))
            } else {
                sink.report(.missingField, "missing required field '\(fieldPath(key))'", at: sink.location(of: node))
            }
        }
        return nil
    }

    func has(_ key: String) -> Bool {
        entries.contains { $0.key == key && !$0.value.isNull }
    }

    func location(of key: String) -> SourceLocation {
        entries.first { $0.key == key }.map { sink.location($0.keyLine, $0.keyColumn) } ?? sink.location(of: node)
    }

    /// Reports every key no getter asked for.
    func finish() {
        for entry in entries where !known.contains(entry.key) {
            var message = "unknown field '\(fieldPath(entry.key))'"
            if let suggestion = closest(to: entry.key, in: known) {
                message += ": did you mean '\(suggestion)'?"
            } else {
                message += " (known here: \(known.joined(separator: ", ")))"
            }
            sink.report(.unknownField, message, at: sink.location(entry.keyLine, entry.keyColumn))
        }
    }

    // MARK: Typed getters

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let node = value(key, required: required) else { return nil }
        return scalarString(node, field: fieldPath(key), sink: sink)
    }

    mutating func ref(_ key: String, required: Bool = false) -> Ref? {
        guard let node = value(key, required: required),
              let text = scalarString(node, field: fieldPath(key), sink: sink) else { return nil }
        return Ref(text, at: sink.location(of: node))
    }

    /// A DNS-label name.
    mutating func name(_ key: String, required: Bool = false) -> Ref? {
        guard let ref = ref(key, required: required) else { return nil }
        guard isDNSLabel(ref.name) else {
            sink.report(.invalidName, nameProblem(ref.name, field: fieldPath(key)), at: ref.at)
            return nil
        }
        return ref
    }

    mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let node = value(key, required: required) else { return nil }
        if case .scalar(let text, plain: true) = node.content {
            if text == "true" { return true }
            if text == "false" { return false }
        }
        sink.report(.wrongType, "'\(fieldPath(key))' must be true or false, found \(node.typeDescription)", at: node)
        return nil
    }

    mutating func int(_ key: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = value(key, required: required) else { return nil }
        guard let n = scalarInt(node, field: fieldPath(key), sink: sink) else { return nil }
        if let range, !range.contains(n) {
            sink.report(.outOfRange, "'\(fieldPath(key))' must be \(describe(range)), found \(n)", at: node)
            return nil
        }
        return n
    }

    mutating func double(
        _ key: String, required: Bool = false, min: Double? = nil, max: Double? = nil, exclusiveMin: Bool = false
    ) -> Double? {
        guard let node = value(key, required: required) else { return nil }
        guard let x = scalarDouble(node, field: fieldPath(key), sink: sink) else { return nil }
        let belowMin = min.map { exclusiveMin ? x <= $0 : x < $0 } ?? false
        let aboveMax = max.map { x > $0 } ?? false
        if belowMin || aboveMax {
            var bounds: [String] = []
            if let min { bounds.append(exclusiveMin ? "greater than \(plain(min))" : "at least \(plain(min))") }
            if let max { bounds.append("at most \(plain(max))") }
            sink.report(.outOfRange, "'\(fieldPath(key))' must be \(bounds.joined(separator: " and ")), found \(plain(x))", at: node)
            return nil
        }
        return x
    }

    mutating func duration(_ key: String, required: Bool = false) -> Duration? {
        guard let node = value(key, required: required),
              let text = scalarString(node, field: fieldPath(key), sink: sink) else { return nil }
        guard let duration = Duration(parsing: text) else {
            sink.report(.invalidDuration,
                "'\(fieldPath(key))' must be a duration with a unit (500ms, 90s, 5m, 2h, 1d), found '\(text)'", at: node)
            return nil
        }
        return duration
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(
        _ key: String, _: E.Type, required: Bool = false
    ) -> E? where E.RawValue == String {
        guard let node = value(key, required: required) else { return nil }
        return enumScalar(node, E.self, field: fieldPath(key), sink: sink)
    }

    mutating func mapping(_ key: String, required: Bool = false) -> Fields? {
        guard let node = value(key, required: required) else { return nil }
        return Fields(node, prefix: fieldPath(key), sink: sink)
    }

    mutating func list(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> [YAMLNode]? {
        guard let node = value(key, required: required) else { return nil }
        guard case .sequence(let items) = node.content else {
            sink.report(.wrongType, "'\(fieldPath(key))' must be a list, found \(node.typeDescription)", at: node)
            return nil
        }
        if nonEmpty, items.isEmpty {
            sink.report(.outOfRange, "'\(fieldPath(key))' must list at least one item", at: node)
            return nil
        }
        return items
    }

    /// A list of mappings, each read with its own `Fields` (prefix `key[i]`).
    mutating func objects(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> [Fields]? {
        guard let items = list(key, required: required, nonEmpty: nonEmpty) else { return nil }
        let field = fieldPath(key)
        return items.enumerated().compactMap { Fields($1, prefix: "\(field)[\($0)]", sink: sink) }
    }

    mutating func stringList(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> [Ref]? {
        guard let items = list(key, required: required, nonEmpty: nonEmpty) else { return nil }
        let field = fieldPath(key)
        var result: [Ref] = []
        for (i, item) in items.enumerated() {
            if let text = scalarString(item, field: "\(field)[\(i)]", sink: sink) {
                result.append(Ref(text, at: sink.location(of: item)))
            }
        }
        return result.count == items.count ? result : nil
    }

    mutating func enumList<E: RawRepresentable & CaseIterable>(
        _ key: String, _: E.Type, required: Bool = false, nonEmpty: Bool = false
    ) -> [E]? where E.RawValue == String {
        guard let items = list(key, required: required, nonEmpty: nonEmpty) else { return nil }
        let field = fieldPath(key)
        let values = items.enumerated().compactMap { enumScalar($1, E.self, field: "\(field)[\($0)]", sink: sink) }
        return values.count == items.count ? values : nil
    }

    /// A map of string to string (labels, settings). Values stay exactly as written.
    mutating func stringMap(_ key: String, required: Bool = false) -> [String: String]? {
        guard let node = value(key, required: required) else { return nil }
        guard case .mapping(let entries) = node.content else {
            sink.report(.wrongType, "'\(fieldPath(key))' must be a mapping of strings, found \(node.typeDescription)", at: node)
            return nil
        }
        var result: [String: String] = [:]
        for entry in entries {
            if let text = scalarString(entry.value, field: "\(fieldPath(key)).\(entry.key)", sink: sink) {
                result[entry.key] = text
            }
        }
        return result.count == entries.count ? result : nil
    }
}

// MARK: Scalars

func scalarString(_ node: YAMLNode, field: @autoclosure () -> String, sink: DiagnosticSink) -> String? {
    guard case .scalar(let text, _) = node.content, !node.isNull else {
        sink.report(.wrongType, "'\(field())' must be a string, found \(node.typeDescription)", at: node)
        return nil
    }
    return text
}

func scalarInt(_ node: YAMLNode, field: @autoclosure () -> String, sink: DiagnosticSink) -> Int? {
    guard case .scalar(let text, plain: true) = node.content, !node.isNull else {
        sink.report(.wrongType, "'\(field())' must be an integer, found \(node.typeDescription)", at: node)
        return nil
    }
    let digits = text.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
    let signs = text.utf8.count - digits.count
    guard signs <= 1, !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
        let hint = isDecimal(text) ? "a whole number" : "an integer"
        sink.report(.invalidNumber, "'\(field())' must be \(hint), found '\(text)'", at: node)
        return nil
    }
    guard let n = Int(text) else {
        sink.report(.invalidNumber, "'\(field())' is out of range for an integer: '\(text)'", at: node)
        return nil
    }
    return n
}

func scalarDouble(_ node: YAMLNode, field: @autoclosure () -> String, sink: DiagnosticSink) -> Double? {
    guard case .scalar(let text, plain: true) = node.content, !node.isNull else {
        sink.report(.wrongType, "'\(field())' must be a number, found \(node.typeDescription)", at: node)
        return nil
    }
    guard isDecimal(text) else {
        sink.report(.invalidNumber, "'\(field())' must be a number, found '\(text)'", at: node)
        return nil
    }
    guard let x = Double(text), x.isFinite else {
        sink.report(.invalidNumber, "'\(field())' must be a finite number, found '\(text)'", at: node)
        return nil
    }
    return x
}

/// `-?digits(.digits)?([eE][+-]?digits)?`: JSON's number syntax, no `.inf`, `0x`, or `1_000`.
func isDecimal(_ text: String) -> Bool {
    var bytes = text.utf8[...]
    func digits() -> Int {
        let n = bytes.prefix { $0 >= 48 && $0 <= 57 }.count
        bytes = bytes.dropFirst(n)
        return n
    }
    if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
    guard digits() > 0 else { return false }
    if bytes.first == UInt8(ascii: ".") {
        bytes = bytes.dropFirst()
        guard digits() > 0 else { return false }
    }
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
        bytes = bytes.dropFirst()
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard digits() > 0 else { return false }
    }
    return bytes.isEmpty
}

func enumScalar<E: RawRepresentable & CaseIterable>(
    _ node: YAMLNode, _: E.Type, field: @autoclosure () -> String, sink: DiagnosticSink
) -> E? where E.RawValue == String {
    guard let text = scalarString(node, field: field(), sink: sink) else { return nil }
    if let value = E(rawValue: text) { return value }
    let allowed = E.allCases.map(\.rawValue)
    var message = "'\(field())' must be one of \(allowed.joined(separator: ", ")), found '\(text)'"
    if let suggestion = closest(to: text, in: allowed) { message += ": did you mean '\(suggestion)'?" }
    sink.report(.invalidEnum, message, at: node)
    return nil
}

func nameProblem(_ name: String, field: String) -> String {
    let reason = name.utf8.count > 63 ? "it has \(name.utf8.count) characters (at most 63)"
        : "use lowercase letters, digits and '-', starting and ending with a letter or digit"
    return "'\(field)' is not a valid name '\(name)': \(reason)"
}

func describe(_ range: ClosedRange<Int>) -> String {
    if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
    return "between \(range.lowerBound) and \(range.upperBound)"
}
