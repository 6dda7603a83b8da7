import ArgumentParser
import GridDrivers
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

            With --drivers FILE it also checks the controller's drivers file, and that every
            Site of transport local can be driven with it (GO4008).

            Exit 0 when valid (warnings allowed), 1 when there is any error, 2 when the
            repository or revision cannot be read.
            """
    )

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also check this drivers file against the Sites (docs/controller.md).", valueName: "file"))
    var drivers: String?

    func run() throws {
        var result = try source.load()
        if let drivers {
            result.diagnostics += Self.check(drivers: drivers, sites: result.manifests.sites, catalog: .standard)
        }
        switch format {
        case .text: FileOutput.standardOutput.write(ValidationReport.text(result))
        case .json: FileOutput.standardOutput.write(ValidationReport.json(result) + "\n")
        }
        if !result.isValid { throw ExitCode.invalid }
    }
}

extension ValidateCommand {
    /// The drivers file's own problems, then each Site of transport local it cannot drive
    /// (at the Site), and its entries nothing uses.
    static func check(drivers path: String, sites: [Site], catalog: BackendCatalog) -> [Diagnostic] {
        let (config, diagnostics) = DriverConfigLoader.load(path: path, schemas: catalog.schemas)
        guard let config else { return diagnostics }
        var out = diagnostics
        var declared: [String: Site] = [:]
        for site in sites {
            declared[site.metadata.name] = site
            if let problem = DriverRegistry.problem(of: site, config: config, catalog: catalog) {
                out.append(Diagnostic(.driverNotConfigured, problem, at: site.metadata.source))
            }
        }
        for entry in config.sites.values.sorted(by: { $0.at < $1.at }) {
            guard let site = declared[entry.site] else {
                out.append(Diagnostic(.unusedDriverEntry, "no Site '\(entry.site)' is declared: this entry is not used", at: entry.at))
                continue
            }
            for backend in entry.backends.keys.sorted() where !site.driver.backends.contains(backend) {
                out.append(Diagnostic(.unusedDriverEntry, "Site '\(entry.site)' does not list backend '\(backend)': its settings are not used",
                                      at: entry.backends[backend]?.at ?? entry.at))
            }
        }
        return out
    }
}
