import ArgumentParser
import Foundation
import GridGit
import GridManifests

/// `gridops generate`: a synthetic, valid, realistic grid of any size.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic, valid grid repository of any size (deterministic per seed).",
        discussion: """
            Sites worldwide in all three tiers with GPU pools by tier, tenants with mixed
            compliance and isolation, services whose users sit near their sites. The same
            options always give the same files; with --git, the same commit id too.

              gridops generate --sites 80 --services 150 --out /tmp/grid --git
              gridops validate --repo /tmp/grid
            """
    )

    @Option(help: "Number of sites.")
    var sites: Int

    @Option(help: "Number of tenant services (ModelService, KubernetesCluster, SlurmCluster).")
    var services: Int

    @Option(help: "Number of tenants (default: derived from --services).")
    var tenants: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Folder to write (created when missing; must be empty).", valueName: "dir"))
    var out: String

    @Flag(help: "Make the folder a git repository and commit the grid on branch main.")
    var git = false

    func validate() throws {
        guard sites >= 1 else { throw ValidationError("--sites must be at least 1") }
        guard services >= 0 else { throw ValidationError("--services must not be negative") }
        if let tenants, tenants < 1 { throw ValidationError("--tenants must be at least 1") }
        guard sites <= 1_000_000, services <= 1_000_000 else {
            throw ValidationError("--sites and --services are limited to 1,000,000")
        }
    }

    func run() throws {
        let files = SyntheticGrid.files(.init(sites: sites, services: services, tenants: tenants, seed: seed))
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: out), !existing.isEmpty {
            printError("gridops: error: \(out) is not empty; choose a new folder")
            throw ExitCode.refused
        }
        var folders = Set<String>()
        for file in files {
            let folder = (file.path as NSString).deletingLastPathComponent
            if folders.insert(folder).inserted {
                try fm.createDirectory(atPath: out + "/" + folder, withIntermediateDirectories: true)
            }
            guard fm.createFile(atPath: out + "/" + file.path, contents: Data(file.contents.utf8)) else {
                printError("gridops: error: cannot write \(out)/\(file.path)")
                throw ExitCode.unreadable
            }
        }
        var committed = ""
        if git {
            let repo = try GitRepository.initialize(at: out)
            var tree: [String: TreeEntryContent] = [:]
            for file in files { tree[file.path] = .file(Array(file.contents.utf8)) }
            let id = try repo.commit(
                files: tree, message: "Synthetic grid: \(sites) sites, \(services) services (seed \(seed))\n",
                author: "gridops generate", email: "generate@gridops.invalid", time: 1_767_225_600)
            committed = ", committed as \(id.prefix(12)) on main"
        }
        let bytes = files.reduce(0) { $0 + $1.contents.utf8.count }
        print("wrote \(files.count) files (\(bytes / 1024) KiB) to \(out)\(committed)")
    }
}
