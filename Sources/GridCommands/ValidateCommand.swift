import ArgumentParser
import GridManifests
import GridModel

/// `gridops validate`: parse and validate every manifest of a revision; say exactly what is wrong.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse and validate every manifest at a revision (or in a working directory).",
        discussion: """
            Reads every *.yaml/*.yml under manifests/ and policies/ straight from git (no
            checkout) and reports every problem as path:line:column: error[CODE]: message,
            then a summary. The codes are listed in docs/diagnostics.md.

            Exit 0 when valid (warnings allowed), 1 when there is any error, 2 when the
            repository or revision cannot be read.
            """
    )

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let result = try source.load()
        switch format {
        case .text: FileOutput.standardOutput.write(ValidationReport.text(result))
        case .json: FileOutput.standardOutput.write(ValidationReport.json(result) + "\n")
        }
        if !result.isValid { throw ExitCode.invalid }
    }
}
