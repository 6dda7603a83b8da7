import ArgumentParser
import Foundation
import GridModel
import GridReconciler

/// `gridops apply`: passes until the grid is converged or the timeout.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Converge the grid to a revision: passes until converged or the timeout.",
        discussion: """
            Each pass observes every site, diffs, and runs the actions: creates and updates
            everywhere first, then deletions; each action is idempotent, retried with
            backoff while its failure is transient, and journaled before and after the call.
            A site that does not answer delays only itself.

            Exit 0 converged, 3 not converged by the timeout (with why), 1 invalid manifests
            (nothing applied; the last good revision stays in force), 2 cannot read.
            """
    )

    @OptionGroup var revision: RevisionOptions
    @OptionGroup var stateOptions: StateOptions
    @OptionGroup var observing: ObserveOptions

    @Option(help: ArgumentHelp("Give up after this long (e.g. 90s, 5m).", valueName: "duration"))
    var timeout = GridModel.Duration(milliseconds: 300_000, text: "5m")

    func run() async throws {
        let limit = Double(timeout.milliseconds) / 1000
        let started = Date()
        let lock = try stateOptions.lock()
        defer { withExtendedLifetime(lock) {} }
        let (_, reconciler) = try await controllerStep { try stateOptions.openReconciler(observing) }
        var pass = 0
        while true {
            pass += 1
            let report = try await controllerStep { try await reconciler.pass(revision.reader) }
            if let refused = report.refused {
                for d in report.diagnostics where d.severity == .error { printError(d.description) }
                printError("gridops: revision \(refused.revision.sha.prefix(12)) not applied: \(refused.reason)")
                if report.inForce == nil { throw ExitCode.invalid }
            }
            progress(pass, report)
            if report.converged, let revision = report.inForce {
                if report.refused != nil { throw ExitCode.invalid }
                print("Converged at \(revision.sha.prefix(12)) after \(pass) pass(es) in \(seconds(since: started)).")
                return
            }
            if report.madeNoProgress || Date().timeIntervalSince(started) >= limit {
                print("Not converged after \(pass) pass(es) in \(seconds(since: started)):")
                for line in report.whyNotConverged { print("  \(line)") }
                throw report.refused != nil ? ExitCode.invalid : ExitCode.notConverged
            }
            if report.failed > 0 { try? await Task.sleep(for: .milliseconds(200)) }
            // A rollout waiting on its health gate: give the sites a moment before looking again.
            if report.done == 0, report.rolloutsProgressing { try? await Task.sleep(for: .milliseconds(500)) }
        }
    }

    private func progress(_ pass: Int, _ report: PassReport) {
        let sites = report.sites.filter { $0.planned > 0 }.count
        var line = "pass \(pass): \(report.done)/\(report.planned) action(s) done on \(sites) site(s)"
        if report.failed > 0 { line += ", \(report.failed) failed" }
        let unreachable = report.sites.filter { $0.unreachable != nil }.count
        if unreachable > 0 { line += ", \(unreachable) site(s) unreachable" }
        line += " (\(Int(report.duration * 1000)) ms)"
        print(line)
        for s in report.sites where !s.failed.isEmpty {
            print("  \(s.site): \(s.failed.count) failed; first: \(s.failed[0].action): \(s.failed[0].error)")
        }
    }

    private func seconds(since start: Date) -> String {
        String(format: "%.1fs", Date().timeIntervalSince(start))
    }
}
