import GridManifests
import GridModel
import Testing

/// `%YAML` directives as the YAML 1.2 spec has them: one per document, `%YAML major.minor`,
/// a comment only after whitespace. A bad one is refused with its file, line and column.
@Suite struct YAMLDirectiveTests {
    func parse(_ text: String) -> YAMLParser.Result {
        YAMLParser.parse(Array(text.utf8), path: "d.yaml")
    }

    @Test(arguments: [
        ("%YAML 1.1#comment\n---\na: 1\n", 1, 10),
        ("%YAML 1.2x\n---\na: 1\n", 1, 10),
        ("%YAML\n---\na: 1\n", 1, 6),
        ("%YAML one\n---\na: 1\n", 1, 7),
        ("%YAML 1.2 trailing\n---\na: 1\n", 1, 11),
        ("%YAML\t1.\n---\na: 1\n", 1, 9),
    ])
    func malformedYAMLDirectiveIsRefusedWithLineAndColumn(text: String, line: Int, column: Int) {
        let result = parse(text)
        #expect(result.documents.isEmpty)
        let d = result.diagnostics.first
        #expect(result.diagnostics.count == 1)
        #expect(d?.code == .yamlSyntax)
        #expect(d?.message.hasPrefix("malformed %YAML directive") == true, "\(d?.message ?? "")")
        #expect(d.map { ($0.location.path, $0.location.line, $0.location.column) } ?? ("", 0, 0) == ("d.yaml", line, column))
    }

    @Test func aSecondYAMLDirectiveInOneDocumentIsRefused() {
        let result = parse("# two directives\n%YAML 1.2\n%YAML 1.2\n---\na: 1\n")
        #expect(result.documents.isEmpty)
        #expect(result.diagnostics.map(\.location.line) == [3])
        #expect(result.diagnostics.first?.message.contains("a second %YAML directive (the first is at line 2)") == true,
                "\(result.diagnostics)")
    }

    /// What libyaml accepts: a second document's `%YAML` with no `...` ending the first.
    @Test func aYAMLDirectiveInsideADocumentIsRefused() {
        let result = parse("%YAML 1.2\n---\na: 1\n%YAML 1.2\n---\nb: 2\n")
        #expect(result.documents.count == 1)
        #expect(result.diagnostics.map(\.location.line) == [4])
        #expect(result.diagnostics.first?.message == "a second %YAML directive (the first is at line 1) inside a document: "
                + "end the document with a '...' line before the next one's directives")
        let noFirst = parse("a: 1\n%YAML 1.2\n---\nb: 2\n")
        #expect(noFirst.diagnostics.map(\.location.line) == [2])
        #expect(noFirst.diagnostics.first?.message.hasPrefix("a %YAML directive inside a document") == true)
    }

    @Test func documentsBeforeABadDirectiveAreKept() {
        let result = parse("a: 1\n...\n%YAML 1.2#x\n---\nb: 2\n")
        #expect(result.documents.map(\.line) == [1])
        #expect(result.diagnostics.map(\.location.line) == [3])
    }

    @Test(arguments: [
        "%YAML 1.2\n---\na: 1\n",
        "%YAML 1.2   # a comment after whitespace\n---\na: 1\n",
        "\u{FEFF}%YAML 1.1\r\n---\r\na: 1\r\n",
        "%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n---\nb: 2\n",  // one per document is fine
        "a: '%YAML 1.1#x'\nb: |\n  %YAML 1.1#not a directive\n",
    ])
    func wellFormedDirectivesAndLookalikesPass(text: String) {
        let result = parse(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(!result.documents.isEmpty)
    }
}
