import ArgumentParser
import Foundation
import GridStore

/// `gridops previews`: the previews `serve` wrote for pull-request heads and branches.
struct PreviewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "previews",
        abstract: "List the previews serve wrote for pull requests and watched branches.",
        discussion: "Each is in STATE/previews/<id>.md (for a pull-request comment) and <id>.json."
    )

    @OptionGroup var stateOptions: StateOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let store = try stateOptions.openStore()
        let previews = try exitingOnReadFailure {
            do throws(StoreError) {
                return try store.previews()
            } catch {
                throw CannotRead(message: error.description)
            }
        }
        switch format {
        case .json:
            try FileOutput.standardOutput.writeJSON(previews)
        case .text:
            if previews.isEmpty { FileOutput.standardOutput.write("No previews yet.\n") }
            for p in previews {
                var line = "\(p.id)  \(p.base.prefix(12))..\(p.head.prefix(12))  "
                line += p.valid ? "\(p.actions) action(s)" : "invalid: \(p.errors) error(s)"
                if p.warnings > 0 { line += ", \(p.warnings) warning(s)" }
                if !p.notified.isEmpty { line += "  notify: \(p.notified)" }
                FileOutput.standardOutput.write(line + "\n")
            }
        }
    }
}
