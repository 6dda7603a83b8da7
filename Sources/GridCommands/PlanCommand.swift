import ArgumentParser
import Foundation
import GridPlan
import GridModel
import GridReconciler

/// `gridops plan`: what apply would do, from the sites' answers, without doing it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would do at every site, without doing it.",
        discussion: """
            Reads the revision, places, renders every site's resources, observes every
            site and diffs: creates, updates (with the fields that change) and deletions
            in the order apply runs them, drift, and the sites that do not answer. Writes
            nothing to the store.

            With --base and --head: the preview of a change (a pull request): files
            changed, the head's diagnostics, placement changes per service (replicas per
            site, round trip and cost before and after), the actions per site, pools and
            quotas it fills, and the waves the rollout would run. --format markdown is
            made to be posted as a pull-request comment; --fail-on sets the exit code for
            CI gating.

            Exit 0, 1 when the revision is invalid (it would not be applied; the plan
            shows the revision in force) or --fail-on trips, 2 when the repository or the
            store cannot be read.
            """
    )

    @OptionGroup var revision: RevisionOptions
    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var observing: ObserveOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Preview a change: the revision it starts from (with --head).", valueName: "rev"))
    var base: String?

    @Option(help: ArgumentHelp("Preview a change: the revision it proposes (with --base).", valueName: "rev"))
    var head: String?

    @Option(name: .customLong("fail-on"), help: "With --base/--head: exit 1 on head diagnostics of this severity or worse (error, warning, none).")
    var failOn: FailOn = .error

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, none
    }

    func validate() throws {
        if (base == nil) != (head == nil) { throw ValidationError("--base and --head go together") }
        if base != nil, revision.rev != "HEAD" { throw ValidationError("--rev cannot be combined with --base/--head") }
    }

    func run() async throws {
        if let base, let head { return try preview(base: base, head: head) }
        let report = try await controllerStep {
            let (_, reconciler) = try stateOptions.openReconciler(observing)
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
        if report.refused != nil { throw ExitCode.invalid }
    }
}

extension PlanCommand {
    /// `--base B --head H`: what merging H into B would do (the pull-request preview). With
    /// a store in --state, placement starts from what the sites reported.
    func preview(base: String, head: String) throws {
        let store = FileManager.default.fileExists(atPath: (stateOptions.state as NSString).appendingPathComponent("gridops.sqlite"))
            ? try stateOptions.openStore() : nil
        let preview = try exitingOnReadFailure {
            do {
                return try PreviewBuilder.build(repository: revision.repo, base: base, head: head, store: store)
            } catch let error as SourceError {
                throw CannotRead(message: error.message)
            } catch {
                throw CannotRead(message: "\(error)")
            }
        }
        switch format {
        case .text: FileOutput.standardOutput.write(PreviewReport.text(preview))
        case .json: FileOutput.standardOutput.write(try encodeJSON(preview) + "\n")
        case .markdown: FileOutput.standardOutput.write(PreviewReport.markdown(preview))
        }
        switch failOn {
        case .error where preview.errors > 0, .warning where preview.errors + preview.warnings > 0: throw ExitCode.invalid
        default: return
        }
    }
}
