import ArgumentParser
import GridReconciler
import GridStore

/// `gridops drift`: what differs at the sites from what gridops applied.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Report drift: resources changed, deleted or added at the sites out of band.",
        discussion: """
            Observes every site and compares with the revision in force and with what gridops
            last applied. Missing: applied, now absent. Modified: changed since applied (the
            fields are listed). Orphan: labelled as ours, not desired. Unmanaged: not ours,
            never touched. An unreachable site is Offline, which is not drift.

            Exit 0 with no drift, 3 with drift, 2 when the repository or store cannot be read,
            4 when nothing was applied yet with this state.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Path of the git repository.", valueName: "path"))
    var repo: String = "."

    @Option(name: .long, help: ArgumentHelp("Revision to compare with (default: the one in force, else HEAD).", valueName: "rev"))
    var rev: String?

    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var observing: ObserveOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: ReportFormat = .text

    func run() async throws {
        let report = try await controllerStep {
            let (store, reconciler) = try stateOptions.openReconciler(observing)
            guard let inForce = try store.controllerState().inForce else {
                printError("gridops: error: nothing applied yet with the state in \(stateOptions.state): drift compares the sites "
                           + "with what gridops applied; run `gridops apply --state \(stateOptions.state)` first")
                throw ExitCode.refused
            }
            return try await reconciler.plan(GitRevisions(repository: repo, revision: rev ?? inForce.sha))
        }
        let drift = report.drift
        switch format {
        case .text:
            FileOutput.standardOutput.write(DriftReport.text(drift))
            for s in report.sites {
                if let why = s.unreachable { FileOutput.standardOutput.write("Offline (not drift): \(s.site): \(why)\n") }
            }
        case .json: FileOutput.standardOutput.write(try encodeJSON(drift) + "\n")
        case .markdown: FileOutput.standardOutput.write(DriftReport.markdown(drift))
        }
        if !drift.isEmpty { throw ExitCode.notConverged }
    }
}
