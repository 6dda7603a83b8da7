public import ArgumentParser
import Foundation
import GridModel

/// The version `gridops --version` prints.
public let gridopsVersion = "0.1.0"

/// `gridops`: the root command. Every subcommand is a plain struct, testable by parsing.
public struct GridopsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gridops",
        abstract: "GitOps control plane for distributed GPU grids: AI factories, regional hubs and edge sites as one platform.",
        discussion: """
            gridops reads desired state from a git repository (manifests/ and policies/),
            validates it, places workloads on sites, and converges the sites to it.

            Start here:
              gridops validate               check the manifests at HEAD of the repo here
              gridops plan                   what apply would do at every site
              gridops apply                  converge the (simulated) grid to HEAD
              gridops drift                  what changed at the sites out of band
              gridops serve --branch main    the controller: follow a branch, keep converged

            Exit codes: 0 success, 1 invalid manifests, 2 cannot read the repository,
            a file or the state, 3 not converged (apply) or drift found (drift), 4 refused:
            no such service, site, resource or field, nothing applied yet, or a rollout
            command that does not fit, 64 usage (an unknown command or option, a bad value).
            """,
        version: gridopsVersion,
        subcommands: [
            ValidateCommand.self, PlaceCommand.self, ExplainCommand.self, PlanCommand.self, ApplyCommand.self,
            DriftCommand.self, StatusCommand.self, ServeCommand.self, PreviewsCommand.self, RolloutCommand.self, SimCommand.self,
            GenerateCommand.self,
        ]
    )

    public init() {}
}

/// The executable's entry point: parse the arguments, run the command, exit with its code.
/// A mistyped command is a usage error naming it (ArgumentParser alone would call the next
/// word an unknown option); a command that fails removes the state folder it created,
/// unless a site received a call (`NewStateFolders`).
public func runGridops(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
    if let unknown = UnknownCommand.find(in: arguments, root: GridopsCommand.self) {
        printError("gridops: error: \(unknown)")
        GridopsCommand.exit(withError: ExitCode.usage)
    }
    do {
        var command = try await GridopsCommand.asyncParseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch {
        let code = GridopsCommand.exitCode(for: error)
        // Not converged is a result: what was applied stays, with the state that knows it.
        if code != .success, code != .notConverged { NewStateFolders.shared.removeAll() }
        GridopsCommand.exit(withError: error)
    }
}

/// A word where a command is expected that names none: `gridops aply`, `gridops sim drfit`.
enum UnknownCommand {
    /// The message for the first such word, with the closest command; nil when the words
    /// name commands until the first option or argument.
    static func find(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = [root._commandName]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
            if let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            // A command with a default subcommand takes that one's arguments (`rollout
            // netops/chat`): only a word that could not be one is a mistyped command.
            if command.configuration.defaultSubcommand != nil, word.contains("/") { return nil }
            let names = subcommands.map { $0._commandName }
            let hint = closest(to: word, in: names).map { ": did you mean '\($0)'?" }
                ?? " (commands: \(names.joined(separator: ", ")))"
            let context = path.count > 1 ? " of '\(path.joined(separator: " "))'" : ""
            return "unknown command '\(word)'\(context)\(hint)\nSee '\(path.joined(separator: " ")) --help'."
        }
        return nil
    }
}
