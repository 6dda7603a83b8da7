import Foundation
import GridModel
import GridTestSupport
import Testing

@Suite struct DurationTests {
    @Test(arguments: [("90s", 90_000), ("5m", 300_000), ("2h", 7_200_000), ("1d", 86_400_000), ("500ms", 500), ("0s", 0)])
    func parsesUnits(text: String, milliseconds: Int64) {
        #expect(Duration(parsing: text)?.milliseconds == milliseconds)
        #expect(Duration(parsing: text)?.text == text)
    }

    @Test(arguments: ["90", "s", "5 m", "-5m", "1.5h", "5M", "h2", "", "99999999999999999999s", "9223372036854775807d"])
    func refusesMalformedOrOverflowing(text: String) {
        #expect(Duration(parsing: text) == nil)
    }
}

@Suite struct NameTests {
    @Test(arguments: ["a", "fra-edge-1", "x0", String(repeating: "a", count: 63)])
    func acceptsDNSLabels(name: String) {
        #expect(isDNSLabel(name))
    }

    @Test(arguments: ["", "-a", "a-", "A", "a_b", "a.b", "é", String(repeating: "a", count: 64)])
    func refusesOthers(name: String) {
        #expect(!isDNSLabel(name))
    }
}

@Suite struct GeographyTests {
    @Test func greatCircleParisFrankfurt() {
        let paris = GeoPoint(lat: 48.86, lon: 2.35)
        let frankfurt = GeoPoint(lat: 50.11, lon: 8.68)
        let km = paris.distanceKm(to: frankfurt)
        #expect(abs(km - 478) < 5)
        #expect(abs(frankfurt.distanceKm(to: paris) - km) < 1e-9)
        #expect(paris.distanceKm(to: paris) == 0)
    }

    @Test func rttFollowsTheLatencyModel() {
        let model = LatencyModel(baseMs: 2, routeFactor: 1.5)
        let a = GeoPoint(lat: 0, lon: 0), b = GeoPoint(lat: 0, lon: 90)
        // A quarter of the equator: 2 * pi * 6371 / 4 km.
        let expected = 2 + 1.5 * (Double.pi * 6371 / 2) / 100
        #expect(abs(model.rttMs(a, b) - expected) < 1e-6)
    }
}

@Suite struct DiagnosticTests {
    @Test func formatsAndSortsByPathLineColumn() {
        let a = Diagnostic(.missingField, "missing required field 'spec'", at: SourceLocation(path: "b.yaml", line: 2, column: 1))
        let b = Diagnostic(.duplicateKey, "dup", at: SourceLocation(path: "a.yaml", line: 10, column: 3))
        let c = Diagnostic(.yamlSyntax, "bad", at: SourceLocation(path: "a.yaml", line: 9, column: 7))
        let w = Diagnostic(.noPlacementPolicy, "no policy", at: SourceLocation(path: "a.yaml"))
        #expect([a, b, c, w].sorted() == [w, c, b, a])
        #expect(a.description == "b.yaml:2:1: error[GO3004]: missing required field 'spec'")
        #expect(w.description == "a.yaml: warning[GO5001]: no policy")
        #expect([a, w].errorCount == 1 && [a, w].warningCount == 1 && [a, w].hasErrors && ![w].hasErrors)
    }

    @Test func codesAreUniqueAndDocumented() throws {
        let codes = DiagnosticCode.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        let doc = try String(contentsOfFile: Fixtures.packageRoot + "/docs/diagnostics.md", encoding: .utf8)
        for code in DiagnosticCode.allCases {
            #expect(doc.contains("| \(code.rawValue) | \(code.slug) |"), "docs/diagnostics.md does not list \(code.rawValue) \(code.slug)")
        }
    }
}
