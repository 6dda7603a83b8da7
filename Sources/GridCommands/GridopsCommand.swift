public import ArgumentParser

/// The version `gridops --version` prints.
public let gridopsVersion = "0.1.0"

/// `gridops`: the root command. Every subcommand is a plain struct, testable by parsing.
public struct GridopsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gridops",
        abstract: "GitOps control plane for distributed GPU grids: AI factories, regional hubs and edge sites as one platform.",
        discussion: """
            gridops reads desired state from a git repository (manifests/ and policies/),
            validates it, and places workloads on sites and converges the grid (coming).

            Start here:
              gridops validate               check the manifests at HEAD of the repo here
              gridops validate --dir .       check the working tree before committing
              gridops generate --sites 200 --services 1000 --out /tmp/grid --git

            Exit codes: 0 success, 1 invalid manifests, 2 cannot read the repository.
            """,
        version: gridopsVersion,
        subcommands: [ValidateCommand.self, PlaceCommand.self, ExplainCommand.self, GenerateCommand.self]
    )

    public init() {}
}

/// The executable's entry point: parse the arguments, run the command, exit with its code.
public func runGridops() async {
    await GridopsCommand.main()
}
