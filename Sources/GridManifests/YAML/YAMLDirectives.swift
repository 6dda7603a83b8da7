public import GridModel

/// The directive lines of a YAML stream, checked as the YAML 1.2 spec says (libyaml lets two
/// mistakes through): a `%YAML` directive is `%YAML` then whitespace then `major.minor`, and
/// a comment after it needs whitespace before `#` (`%YAML 1.1#x` is malformed); a document
/// has at most one `%YAML` directive, and a directive comes before the document's `---`: at
/// the start of the stream or after a `...` line that ends the previous document (libyaml
/// takes a `%YAML` line inside a document as the next one's directive).
enum YAMLDirectives {
    /// The first problem, at its line and column; nil when the directives are well formed.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Diagnostic? {
        guard hasDirectiveLine(bytes) else { return nil }  // nearly every manifest: one pass, no copies
        var inPrologue = true
        var yamlLine: Int?
        var lineNumber = 0
        var start = 0
        // A byte order mark before the first line is not part of it.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var line = Array(bytes[start..<end])
            if line.last == 0x0D { line.removeLast() }
            start = end + 1
            if inPrologue {
                if line.first == UInt8(ascii: "%") {
                    guard Self.name(of: line) == "YAML" else { continue }
                    if let first = yamlLine {
                        return problem("a second %YAML directive (the first is at line \(first)): a document has at most one",
                                       path, lineNumber, 1)
                    }
                    yamlLine = lineNumber
                    if let column = malformedColumn(line) {
                        return problem("malformed %YAML directive '\(String(decoding: line, as: UTF8.self))': write '%YAML 1.2', "
                                       + "with whitespace before any '#' comment", path, lineNumber, column)
                    }
                } else if isMarker(line, "---") {
                    inPrologue = false
                } else if !isBlankOrComment(line) {
                    inPrologue = false  // an implicit document's content
                }
            } else if isMarker(line, "...") {
                inPrologue = true
                yamlLine = nil
            } else if line.first == UInt8(ascii: "%"), Self.name(of: line) == "YAML" {
                // libyaml takes it as the next document's directive; YAML 1.2 wants a `...`
                // line ending this document first.
                let first = yamlLine.map { "a second %YAML directive (the first is at line \($0))" } ?? "a %YAML directive"
                return problem("\(first) inside a document: end the document with a '...' line before the next one's "
                               + "directives", path, lineNumber, 1)
            }
        }
        return nil
    }

    /// Whether any line starts with `%`.
    private static func hasDirectiveLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var atLineStart = true
        for byte in bytes {
            if atLineStart, byte == UInt8(ascii: "%") { return true }
            atLineStart = byte == 0x0A || (atLineStart && (byte == 0xEF || byte == 0xBB || byte == 0xBF))
        }
        return false
    }

    /// The directive's name: from after `%` to the first whitespace.
    private static func name(of line: [UInt8]) -> String {
        String(decoding: line.dropFirst().prefix { $0 != 0x20 && $0 != 0x09 }, as: UTF8.self)
    }

    /// The 1-based column of the first byte that does not fit `%YAML <digits>.<digits>`
    /// followed by nothing, or by whitespace and then nothing or a comment.
    private static func malformedColumn(_ line: [UInt8]) -> Int? {
        var i = 5  // after "%YAML"
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
        guard i < line.count, isSpace(line[i]) else { return i + 1 }
        while i < line.count, isSpace(line[i]) { i += 1 }
        let major = i
        while i < line.count, isDigit(line[i]) { i += 1 }
        guard i > major, i < line.count, line[i] == UInt8(ascii: ".") else { return i + 1 }
        i += 1
        let minor = i
        while i < line.count, isDigit(line[i]) { i += 1 }
        guard i > minor else { return i + 1 }
        guard i < line.count else { return nil }
        guard isSpace(line[i]) else { return i + 1 }
        while i < line.count, isSpace(line[i]) { i += 1 }
        return i == line.count || line[i] == UInt8(ascii: "#") ? nil : i + 1
    }

    /// `---` or `...` alone or followed by whitespace.
    private static func isMarker(_ line: [UInt8], _ marker: StaticString) -> Bool {
        let m = marker.withUTF8Buffer { Array($0) }
        guard line.count >= 3, Array(line.prefix(3)) == m else { return false }
        return line.count == 3 || line[3] == 0x20 || line[3] == 0x09
    }

    private static func isBlankOrComment(_ line: [UInt8]) -> Bool {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return true }
        return first == UInt8(ascii: "#")
    }

    private static func problem(_ message: String, _ path: String, _ line: Int, _ column: Int) -> Diagnostic {
        Diagnostic(.yamlSyntax, message, at: SourceLocation(path: path, line: line, column: column))
    }
}
