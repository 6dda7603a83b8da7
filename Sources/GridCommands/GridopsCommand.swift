public import ArgumentParser
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

            Exit codes: 0 success, 1 invalid manifests, 2 cannot read the repository or
            state, 3 not converged (apply) or drift found (drift).
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
public func runGridops() async {
    await GridopsCommand.main()
}
