internal import CYAML
public import GridModel

/// Builds YAML nodes from libyaml's event API. Refuses, with a diagnostic, what manifests never
/// need and hostile input abuses: anchors and aliases, tags, nesting deeper than `maxDepth`,
/// duplicate keys, non-scalar keys, and malformed or repeated `%YAML` directives
/// (`YAMLDirectives`). The first problem ends the file: after it, libyaml's
/// view of the rest cannot be trusted. Documents finished before it are kept.
public struct YAMLParser {
    public static let maxDepth = 64

    public struct Result: Sendable {
        public var documents: [YAMLDocument]
        public var diagnostics: [Diagnostic]
    }

    /// Parses UTF-8 text (a BOM and CRLF line endings are fine).
    public static func parse(_ bytes: [UInt8], path: String) -> Result {
        bytes.withUnsafeBufferPointer { parse($0, path: path) }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Result {
        var state = BuildState(path: path)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Result(documents: [], diagnostics: [
                Diagnostic(.unreadable, "cannot initialize the YAML parser (out of memory)", at: SourceLocation(path: path)),
            ])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                state.fail(syntaxError(parser, bytes: bytes, path: path))
                break
            }
            let done = event.type == YAML_STREAM_END_EVENT
            state.handle(event)
            yaml_event_delete(&event)
            if done || state.failed { break }
        }
        // libyaml lets a malformed or repeated %YAML directive through: the documents from
        // there on are not kept, and that problem is the file's first.
        if let directive = YAMLDirectives.check(bytes, path: path) {
            let line = directive.location.line
            return Result(documents: state.documents.filter { $0.line < line },
                          diagnostics: state.diagnostics.filter { $0.location.line < line } + [directive])
        }
        return Result(documents: state.documents, diagnostics: state.diagnostics)
    }

    private static func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, path: String) -> Diagnostic {
        let mark = parser.problem_mark
        var problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let index = Int(mark.index)
        if index < bytes.count, bytes[index] == 0x09 {
            problem = "tab character where YAML expects spaces: indent with spaces, never tabs"
        } else if let context = parser.context.map({ String(cString: $0) }) {
            let at = parser.context_mark
            problem += " (\(context) at line \(at.line + 1), column \(at.column + 1))"
        }
        return Diagnostic(.yamlSyntax, problem, at: SourceLocation(
            path: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }
}

/// The stack of open collections while events stream in.
private struct BuildState {
    /// An open collection. A class, so appending to the innermost one mutates it in place.
    final class Frame {
        let line: Int
        let column: Int
        var items: [YAMLNode] = []
        var mapping: MappingBuilder?

        init(line: Int, column: Int, mapping: Bool) {
            self.line = line
            self.column = column
            if mapping { self.mapping = MappingBuilder() }
        }
    }

    let path: String
    var stack: [Frame] = []
    var documents: [YAMLDocument] = []
    var diagnostics: [Diagnostic] = []
    var root: YAMLNode?
    var documentLine = 1
    var failed = false

    init(path: String) {
        self.path = path
    }

    mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        failed = true
    }

    func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    mutating func handle(_ event: yaml_event_t) {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documentLine = line
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root { documents.append(YAMLDocument(root: root, line: documentLine)) }
            root = nil
        case YAML_ALIAS_EVENT:
            fail(Diagnostic(.aliasOrAnchor,
                "YAML aliases (*name) are not allowed in manifests: write the value out in full",
                at: location(line, column)))
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard refuseAnchorAndTag(anchor: scalar.anchor, tag: scalar.tag, line, column) else { return }
            let text = scalar.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(scalar.length)), as: UTF8.self)
            } ?? ""
            add(YAMLNode(.scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), line: line, column: column))
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            guard refuseAnchorAndTag(anchor: start.anchor, tag: start.tag, line, column), enter(line, column) else { return }
            stack.append(Frame(line: line, column: column, mapping: false))
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            guard refuseAnchorAndTag(anchor: start.anchor, tag: start.tag, line, column), enter(line, column) else { return }
            stack.append(Frame(line: line, column: column, mapping: true))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let content: YAMLNode.Content = frame.mapping.map { .mapping($0.entries) } ?? .sequence(frame.items)
            add(YAMLNode(content, line: frame.line, column: frame.column))
        default:
            return
        }
    }

    private mutating func refuseAnchorAndTag(
        anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?, _ line: Int, _ column: Int
    ) -> Bool {
        if let anchor {
            let name = String(cString: UnsafePointer(anchor))
            fail(Diagnostic(.aliasOrAnchor,
                "YAML anchors (&\(name)) are not allowed in manifests: write each value out in full",
                at: location(line, column)))
            return false
        }
        if let tag {
            let name = String(cString: UnsafePointer(tag))
            fail(Diagnostic(.yamlTag,
                "YAML tags (\(name)) are not allowed in manifests: each field's type comes from the schema",
                at: location(line, column)))
            return false
        }
        return true
    }

    private mutating func enter(_ line: Int, _ column: Int) -> Bool {
        guard stack.count < YAMLParser.maxDepth else {
            fail(Diagnostic(.nestingTooDeep,
                "nesting deeper than \(YAMLParser.maxDepth) levels: no manifest is shaped like this",
                at: location(line, column)))
            return false
        }
        return true
    }

    private mutating func add(_ node: YAMLNode) {
        guard let top = stack.last else {
            root = node
            return
        }
        if top.mapping == nil {
            top.items.append(node)
        } else if let problem = top.mapping?.add(node, path: path) {
            fail(problem)
        }
    }
}

/// A mapping under construction: alternating key and value nodes, keys checked for duplicates.
private struct MappingBuilder {
    var entries: [YAMLEntry] = []
    var pendingKey: (text: String, line: Int, column: Int)?
    /// Built once a mapping is large enough that a linear scan would cost more.
    var index: [String: Int]?

    mutating func add(_ node: YAMLNode, path: String) -> Diagnostic? {
        guard let key = pendingKey else {
            guard case .scalar(let text, _) = node.content else {
                return Diagnostic(.complexKey, "mapping keys must be plain strings, found \(node.typeDescription) as a key",
                                  at: SourceLocation(path: path, line: node.line, column: node.column))
            }
            if let earlier = firstLine(of: text) {
                return Diagnostic(.duplicateKey,
                    "duplicate key '\(text)': first at line \(earlier), again at line \(node.line)",
                    at: SourceLocation(path: path, line: node.line, column: node.column))
            }
            pendingKey = (text, node.line, node.column)
            return nil
        }
        pendingKey = nil
        entries.append(YAMLEntry(key: key.text, keyLine: key.line, keyColumn: key.column, value: node))
        if index != nil {
            index?[key.text] = entries.count - 1
        } else if entries.count == 16 {
            index = Dictionary(entries.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return nil
    }

    private func firstLine(of key: String) -> Int? {
        if let index { return index[key].map { entries[$0].keyLine } }
        return entries.first { $0.key == key }?.keyLine
    }
}
