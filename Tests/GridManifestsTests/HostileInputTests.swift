import Foundation
import GridManifests
import GridModel
import GridTestSupport
import Testing

/// The hostile-input corpus: each case gives exactly the diagnostic expected, and stays cheap.
@Suite struct HostileInputTests {
    let path = "manifests/sites/evil.yaml"

    @Test func minimalGridIsValid() throws {
        let result = try load()
        #expect(lines(result) == [])
        #expect(result.manifests.count == 6)
    }

    @Test func aliasBomb() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<30 { text += "\(Character(UnicodeScalar(97 + i % 26)!))\(i): &a\(i) [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" }
        let result = try load([path: text])
        #expect(lines(result) == ["\(path):1:4: error[GO2002]: YAML anchors (&a) are not allowed in manifests: write each value out in full"])
    }

    @Test func tenThousandLevelsOfNesting() throws {
        let text = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let result = try load([path: text])
        #expect(lines(result) == ["\(path):1:67: error[GO2003]: nesting deeper than 64 levels: no manifest is shaped like this"])
        let mappings = String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "\n"
        #expect(lines(try load([path: mappings])) == ["\(path):1:257: error[GO2003]: nesting deeper than 64 levels: no manifest is shaped like this"])
    }

    @Test func twelveMebibyteScalar() throws {
        let text = "a: " + String(repeating: "x", count: 12 << 20) + "\n"
        let result = try load([path: text])
        #expect(lines(result) == ["\(path): error[GO1001]: file is larger than 1 MiB: refused before parsing (split it into several files)"])
    }

    @Test func duplicateKeys() throws {
        let text = doc("Site", "evil", spec: "  tier: edge\n  tier: factory\n")
        #expect(lines(try load([path: text])) == ["\(path):6:3: error[GO2004]: duplicate key 'tier': first at line 5, again at line 6"])
    }

    @Test func yesInABooleanField() throws {
        let text = try #require(Fixtures.minimalGrid["manifests/sites/fra-edge-1.yaml"])
            .replacingOccurrences(of: "maintenance: false", with: "maintenance: yes")
        #expect(lines(try load(["manifests/sites/fra-edge-1.yaml": text])) == [
            "manifests/sites/fra-edge-1.yaml:15:16: error[GO3005]: 'spec.maintenance' must be true or false, found 'yes'",
        ])
    }

    @Test func invalidUTF8() throws {
        let bytes = Array("a: 1\nb: caf".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(lines(try loadBytes(path, bytes)) == [
            "\(path):2:7: error[GO1002]: not UTF-8 text (invalid byte sequence): save the file as UTF-8",
        ])
    }

    @Test func tabIndentation() throws {
        let text = "apiVersion: gridops/v1alpha1\nkind: Site\nmetadata:\n\tname: x\n"
        let result = try load([path: text])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.code == .yamlSyntax)
        #expect(result.diagnostics.first?.location.line == 4)
        #expect(result.diagnostics.first?.message == "tab character where YAML expects spaces: indent with spaces, never tabs")
    }

    @Test func binaryFileNamedYAML() throws {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        #expect(lines(try loadBytes(path, bytes)) == ["\(path):1:1: error[GO1002]: not UTF-8 text (invalid byte sequence): save the file as UTF-8"])
        let withNUL: [UInt8] = Array("GIF89a".utf8) + [0x00, 0x01, 0x02]
        #expect(lines(try loadBytes(path, withNUL)) == ["\(path):1:7: error[GO1003]: binary data (a NUL byte): manifests must be UTF-8 text"])
    }

    @Test func wrongTypes() throws {
        let text = doc("Site", "evil", spec: """
              tier: [edge]
              region: eu-central
              location: {lat: "50.1", lon: 8.68}
              jurisdiction: EU
              gpus: {model: H100}
              services: maas

            """)
        #expect(lines(try load([path: text])) == [
            "\(path):5:9: error[GO3005]: 'spec.tier' must be a string, found a list",
            "\(path):7:19: error[GO3005]: 'spec.location.lat' must be a number, found a quoted string",
            "\(path):9:9: error[GO3005]: 'spec.gpus' must be a list, found a mapping",
            "\(path):10:13: error[GO3005]: 'spec.services' must be a list, found 'maas'",
        ])
    }

    @Test func overflowingAndFractionalIntegers() throws {
        let text = doc("Site", "evil", spec: """
              tier: edge
              region: eu-central
              location: {lat: 50.1, lon: 8.68}
              jurisdiction: EU
              gpus:
                - {model: H100, count: 99999999999999999999999, memoryGiB: 80, costPerHour: 1}
                - {model: L4, count: 2.5, memoryGiB: 1e400, costPerHour: .inf}

            """)
        #expect(lines(try load([path: text])) == [
            "\(path):10:28: error[GO3011]: 'spec.gpus[0].count' is out of range for an integer: '99999999999999999999999'",
            "\(path):11:26: error[GO3011]: 'spec.gpus[1].count' must be a whole number, found '2.5'",
            "\(path):11:42: error[GO3011]: 'spec.gpus[1].memoryGiB' must be a whole number, found '1e400'",
            "\(path):11:62: error[GO3011]: 'spec.gpus[1].costPerHour' must be a number, found '.inf'",
        ])
    }

    @Test func topLevelListOrScalar() throws {
        #expect(lines(try load([path: "- a\n- b\n"])) == [
            "\(path):1:1: error[GO3001]: a manifest document must be a mapping (apiVersion, kind, metadata, spec), found a list",
        ])
        #expect(lines(try load([path: "just a string\n"])) == [
            "\(path):1:1: error[GO3001]: a manifest document must be a mapping (apiVersion, kind, metadata, spec), found 'just a string'",
        ])
    }

    @Test func nullSpec() throws {
        let text = "apiVersion: gridops/v1alpha1\nkind: Site\nmetadata: {name: evil}\nspec: ~\n"
        #expect(lines(try load([path: text])) == ["\(path):4:7: error[GO3004]: required field 'spec' is null: give it a value"])
    }

    @Test func badDocumentInsideAMultiDocumentFile() throws {
        let good1 = doc("PlacementPolicy", "batch", spec: "  workloadClass: batch\n  tiers: [factory]\n")
        let bad = doc("PlacementPolicy", "broken", spec: "  workloadClass: other\n  tiers: [moon]\n")
        let good2 = doc("PlacementPolicy", "bulk", spec: "  workloadClass: bulk\n  tiers: [regional]\n")
        let result = try load(["policies/more.yaml": good1 + "---\n" + bad + "---\n" + good2])
        #expect(lines(result) == ["policies/more.yaml:13:11: error[GO3007]: 'spec.tiers[0]' must be one of factory, regional, edge, found 'moon'"])
        #expect(result.manifests.placementPolicies.map(\.metadata.name).sorted() == ["batch", "bulk", "interactive"])
    }

    @Test func emptyAndCommentOnlyFilesWarn() throws {
        let result = try load(["policies/empty.yaml": "", "policies/comments.yaml": "# nothing here\n---\n"])
        #expect(lines(result) == [
            "policies/comments.yaml: warning[GO5002]: no documents in this file",
            "policies/empty.yaml: warning[GO5002]: no documents in this file",
        ])
        #expect(result.isValid)
    }

    @Test func utf16FileIsNamedAsSuch() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("apiVersion: x\n".utf8).flatMap { [$0, 0] }
        #expect(lines(try loadBytes(path, bytes)) == ["\(path):1:1: error[GO1002]: UTF-16 text (byte order mark): save the file as UTF-8"])
    }
}
