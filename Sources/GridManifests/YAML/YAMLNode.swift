/// A YAML node built straight from libyaml's events, carrying where it was written.
/// Only what manifests need: scalars (as written), sequences and mappings with scalar keys.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        /// The scalar's text exactly as written; `plain` is false when it was quoted or a block
        /// scalar, so `"true"` is a string and never a boolean.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    public var content: Content
    /// 1-based.
    public var line: Int
    /// 1-based.
    public var column: Int

    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// A plain `~`, `null` (any case YAML allows) or empty scalar.
    public var isNull: Bool {
        guard case .scalar(let text, plain: true) = content else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// What the node is, in words for diagnostics.
    public var typeDescription: String {
        switch content {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let text, let plain):
            if isNull { "null" } else if plain { "'\(text.count > 40 ? String(text.prefix(40)) + "…" : text)'" } else { "a quoted string" }
        }
    }
}

public struct YAMLEntry: Sendable {
    public var key: String
    public var keyLine: Int
    public var keyColumn: Int
    public var value: YAMLNode

    public init(key: String, keyLine: Int, keyColumn: Int, value: YAMLNode) {
        self.key = key
        self.keyLine = keyLine
        self.keyColumn = keyColumn
        self.value = value
    }
}

/// One document of a file.
public struct YAMLDocument: Sendable {
    public var root: YAMLNode
    /// 1-based line where the document starts.
    public var line: Int
}
