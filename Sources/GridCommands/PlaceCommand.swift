import ArgumentParser
import Foundation
import GridManifests
import GridModel
import GridPlacement

/// `gridops place`: where every workload goes, and what could not be placed, with why.
struct PlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Place every workload of a revision on sites: near-optimal, stable, explained.",
        discussion: """
            Clusters are reserved first, then ModelService replicas by tenant priority. Every
            hard constraint of docs/placement.md holds; what cannot be placed is listed with
            the reason. --current keeps running replicas where they are unless moving saves
            more than movePerReplica; --observed adds GPU use that is not ours, measured
            round trips and offline sites (shape in docs/placement.md).

            Exit 0 when placed (unplaced replicas are reported, not an error), 1 when the
            manifests are invalid, 2 when the repository or a file cannot be read.
            """
    )

    @OptionGroup var source: SourceOptions

    @OptionGroup var inputs: PlacementOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let input = try inputs.load(source)
        let placement = Placer.place(input)
        switch format {
        case .json: FileOutput.standardOutput.write(try encodeJSON(placement) + "\n")
        case .text: FileOutput.standardOutput.write(PlacementReport.text(placement, compliance: Placer.complianceFindings(input.grid, placement)))
        }
    }
}

/// What placement reads besides the manifests: `--observed` and `--current`.
struct PlacementOptions: ParsableArguments {
    @Option(help: ArgumentHelp("JSON of observed pool use, latencies and offline sites.", valueName: "file"))
    var observed: String?

    @Option(help: ArgumentHelp("A previous `place --format json` output: the placement running now.", valueName: "file"))
    var current: String?

    /// Loads and validates the manifests (exit 1 with the diagnostics when invalid) and reads
    /// the optional observed and current files (exit 2 when unreadable).
    func load(_ source: SourceOptions) throws -> PlacementInput {
        let result = try source.load()
        guard result.isValid else {
            FileOutput.standardError.write(ValidationReport.text(result))
            throw ExitCode.invalid
        }
        let observedSnapshot: ObservedSnapshot = try observed.map { try readJSON($0) } ?? .empty
        let currentPlacement: Placement? = try current.map { try readJSON($0) }
        try refuse(observedSnapshot.problems(), in: observed)
        try refuse(currentPlacement?.problems() ?? [], in: current)
        return PlacementInput(grid: result.manifests, revision: result.revision, observed: observedSnapshot, current: currentPlacement)
    }
}

/// Exit 2 with each problem of a file, when there are any.
private func refuse(_ problems: [String], in path: String?) throws {
    guard let path, !problems.isEmpty else { return }
    for problem in problems { printError("gridops: error: \(path): \(problem)") }
    throw ExitCode.unreadable
}

func readJSON<T: Decodable>(_ path: String) throws -> T {
    try exitingOnReadFailure {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CannotRead(message: "cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw CannotRead(message: "\(path): not valid JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw CannotRead(message: "\(path): missing '\(jsonPath(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CannotRead(message: "\(path): wrong type at '\(jsonPath(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw CannotRead(message: "\(path): null at '\(jsonPath(context.codingPath))'")
        } catch {
            throw CannotRead(message: "\(path): \(error)")
        }
    }
}

private func jsonPath(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
}
