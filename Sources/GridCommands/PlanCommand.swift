import ArgumentParser
import GridModel
import GridReconciler

/// `gridops plan`: what apply would do, from the sites' answers, without doing it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would do at every site, without doing it.",
        discussion: """
            Reads the revision, places, renders every site's resources, observes every site
            and diffs: creates, updates (with the fields that change) and deletions in the
            order apply runs them, drift, and the sites that do not answer. Writes nothing
            to the store.

            Exit 0, 1 when the revision is invalid (it would not be applied; the plan shows
            the revision in force), 2 when the repository or the store cannot be read.
            """
    )

    @OptionGroup var revision: RevisionOptions
    @OptionGroup var stateOptions: StateOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: ReportFormat = .text

    func run() async throws {
        let report = try await controllerStep {
            let (_, reconciler) = try stateOptions.openReconciler()
            return try await reconciler.plan(revision.reader)
        }
        if report.refused != nil, format == .text {
            for d in report.diagnostics where d.severity == .error { printError(d.description) }
        }
        switch format {
        case .text: FileOutput.standardOutput.write(PlanReport.text(report))
        case .json: FileOutput.standardOutput.write(try encodeJSON(PlanReport.json(report)) + "\n")
        case .markdown: FileOutput.standardOutput.write(PlanReport.markdown(report))
        }
        if report.refused != nil { throw ExitCode(1) }
    }
}
