import Foundation
import GridManifests
import GridModel
import GridPlacement
import GridTestSupport
import Testing

/// The bundled grid's placement and one explanation, pinned as golden files.
@Suite struct ExplanationGoldenTests {
    func bundled() throws -> ManifestSet {
        try grid(try Fixtures.bundledGrid())
    }

    @Test func bundledGridPlacementJSON() throws {
        let g = try bundled()
        let placement = Placer.place(PlacementInput(grid: g, revision: "bundled"))
        #expect(violations(of: placement, grid: g) == [])
        let mismatch = Golden.mismatch(json(placement) + "\n", named: "bundled-placement.json")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func explanationOfCareChat() throws {
        let explanation = try #require(Placer.explain(PlacementInput(grid: try bundled()), tenant: "netops", service: "care-chat"))
        #expect(explanation.regions.map(\.region) == ["eu-west", "eu-central", "uk-south", "eu-south"])
        #expect(explanation.regions.allSatisfy { $0.placed == $0.replicas })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let text = String(decoding: try encoder.encode(explanation), as: UTF8.self) + "\n"
        let mismatch = Golden.mismatch(text, named: "explain-netops-care-chat.json")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func unknownServiceHasNoExplanation() throws {
        #expect(Placer.explain(PlacementInput(grid: try bundled()), tenant: "netops", service: "nope") == nil)
    }
}
