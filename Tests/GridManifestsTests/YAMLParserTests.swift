import GridManifests
import GridModel
import Testing

@Suite struct YAMLParserTests {
    func parse(_ text: String) -> YAMLParser.Result {
        YAMLParser.parse(Array(text.utf8), path: "t.yaml")
    }

    func scalar(_ node: YAMLNode?, _ key: String) -> String? {
        guard case .mapping(let entries)? = node?.content,
              case .scalar(let text, _)? = entries.first(where: { $0.key == key })?.value.content else { return nil }
        return text
    }

    @Test func nodesCarryLineAndColumn() throws {
        let result = parse("# comment\na: 1\nb:\n  c: [x, y]\n")
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.documents.first?.root)
        guard case .mapping(let entries) = root.content else { Issue.record("not a mapping"); return }
        #expect(entries.map(\.key) == ["a", "b"])
        #expect((entries[0].keyLine, entries[0].keyColumn) == (2, 1))
        #expect((entries[1].value.line, entries[1].value.column) == (4, 3))
        guard case .mapping(let inner) = entries[1].value.content,
              case .sequence(let items) = inner[0].value.content else { Issue.record("shape"); return }
        #expect(items.map(\.column) == [7, 10])
    }

    @Test func scalarsStayExactlyAsWritten() {
        let result = parse("a: NO\nb: off\nc: 1.10\nd: \"true\"\ne: 0x10\nf: ~\n")
        let root = result.documents.first?.root
        #expect(scalar(root, "a") == "NO")
        #expect(scalar(root, "b") == "off")
        #expect(scalar(root, "c") == "1.10")
        #expect(scalar(root, "d") == "true")
        #expect(scalar(root, "e") == "0x10")
        guard case .mapping(let entries)? = root?.content else { return }
        #expect(entries[3].value.isNull == false)  // quoted "true" is a string, not null or bool
        #expect(entries[5].value.isNull)
    }

    @Test func multipleDocumentsWithTheirLines() {
        let result = parse("a: 1\n---\nb: 2\n---\n# only a comment\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.count == 3)
        #expect(result.documents.map(\.line) == [1, 2, 4])
        #expect(result.documents[2].root.isNull)
    }

    @Test func bomCRLFFlowStyleAndJSONAreValid() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: {c: [1, 2]}\r\n".utf8)
        let withBOM = YAMLParser.parse(bom, path: "t.yaml")
        #expect(withBOM.diagnostics.isEmpty)
        #expect(scalar(withBOM.documents.first?.root, "a") == "1")
        let json = parse(#"{"apiVersion": "gridops/v1alpha1", "kind": "Site", "spec": {"gpus": [{"count": 8}]}}"#)
        #expect(json.diagnostics.isEmpty)
        #expect(scalar(json.documents.first?.root, "kind") == "Site")
    }

    @Test func duplicateKeyNamesBothLines() {
        let result = parse("a: 1\nb: 2\na: 3\n")
        #expect(result.diagnostics.map(\.description) == ["t.yaml:3:1: error[GO2004]: duplicate key 'a': first at line 1, again at line 3"])
    }

    @Test func duplicateKeyInLargeMapping() {
        var text = ""
        for i in 0..<40 { text += "k\(i): \(i)\n" }
        text += "k7: again\n"
        let result = parse(text)
        #expect(result.diagnostics.map(\.code) == [.duplicateKey])
        #expect(result.diagnostics.first?.message.contains("first at line 8, again at line 41") == true)
    }

    @Test func refusesAnchorsAliasesTagsAndComplexKeys() {
        #expect(parse("a: &x 1\nb: *x\n").diagnostics.map(\.code) == [.aliasOrAnchor])
        #expect(parse("a: *x\n").diagnostics.map(\.code).first == .yamlSyntax || parse("a: *x\n").diagnostics.map(\.code).first == .aliasOrAnchor)
        #expect(parse("a: !!str 1\n").diagnostics.map(\.code) == [.yamlTag])
        #expect(parse("? [a, b]\n: 1\n").diagnostics.map(\.code) == [.complexKey])
    }

    @Test func nestingPastTheLimitStops() {
        let depth64 = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parse(depth64).diagnostics.isEmpty)
        let depth65 = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let result = parse(depth65)
        #expect(result.diagnostics.map(\.description) == [
            "t.yaml:1:65: error[GO2003]: nesting deeper than 64 levels: no manifest is shaped like this",
        ])
    }

    @Test func tabIndentationGetsItsOwnMessage() {
        let result = parse("a:\n\tb: 1\n")
        #expect(result.diagnostics.map(\.code) == [.yamlSyntax])
        #expect(result.diagnostics.first?.message.contains("tab") == true)
        #expect(result.diagnostics.first?.location.line == 2)
    }

    @Test func syntaxErrorKeepsEarlierDocuments() {
        let result = parse("a: 1\n---\nb: [unclosed\n")
        #expect(result.documents.count == 1)
        #expect(result.diagnostics.map(\.code) == [.yamlSyntax])
    }
}
