import Foundation
import GridGit
import GridTestSupport
import Testing

/// The drivers file as a user gives it: `validate --drivers` and the controller commands'
/// `--drivers`, on the real executable.
@Suite struct DriversCommandTests {
    static let site = "manifests/sites/fra-factory-1.yaml"

    func repository(driver: String) throws -> TestRepository {
        let repo = try TestRepository()
        var files = try Fixtures.bundledGrid()
        files[Self.site] = files[Self.site]!.replacingOccurrences(of: "driver: {transport: simulated}", with: "driver: \(driver)")
        try repo.commit(files, message: "a local site")
        return repo
    }

    @Test func validateChecksTheFileAgainstTheSites() throws {
        let repo = try repository(driver: "{transport: local, backends: [slurm]}")
        let folder = TemporaryDirectory("gridops-drivers")
        let file = folder.path + "/drivers.yaml"
        try """
            sites:
              ghost: {transport: local}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runProcess(gridopsExecutable, ["validate", "--repo", repo.path, "--drivers", file])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        // At the Site's document.
        #expect(result.stdout.split(separator: "\n").contains {
            $0.hasPrefix("\(Self.site):") && $0.hasSuffix("error[GO4008]: fra-factory-1 uses transport local, and the drivers file \(file) has no entry for it")
        }, "\(result.stdout)")
        #expect(result.stdout.contains("\(file):2:3: warning[GO5005]: no Site 'ghost' is declared: this entry is not used"), "\(result.stdout)")

        // With the entry, the backend this gridops does not have is named.
        try """
            sites:
              fra-factory-1: {transport: local}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let again = try runProcess(gridopsExecutable, ["validate", "--repo", repo.path, "--drivers", file])
        #expect(again.status == 1)
        #expect(again.stdout.contains("error[GO4008]: fra-factory-1 lists backend 'slurm', which this gridops does not have"), "\(again.stdout)")
        // Without --drivers the manifests alone are valid.
        #expect(try runProcess(gridopsExecutable, ["validate", "--repo", repo.path]).status == 0)
    }

    @Test func aBadDriversFileStopsTheControllerBeforeAnythingIsTouched() throws {
        let repo = try TestRepository.bundled()
        let folder = TemporaryDirectory("gridops-drivers")
        let state = folder.path + "/state"
        let file = folder.path + "/drivers.yaml"
        try "sites:\n  lab-1: {transport: locl}\n".write(toFile: file, atomically: true, encoding: .utf8)
        for command in ["apply", "plan", "serve"] {
            var args = [command, "--repo", repo.path, "--state", state, "--drivers", file]
            if command == "serve" { args.append("--once") }
            let result = try runProcess(gridopsExecutable, args)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("\(file):2:22: error[GO3007]: 'sites.lab-1.transport' must be one of simulated, local, agent, found 'locl'"),
                    "\(command): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: state + "/world.sqlite"), "\(command) touched the world")
        }
        let missing = try runProcess(gridopsExecutable, ["plan", "--repo", repo.path, "--state", state, "--drivers", folder.path + "/none.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("the drivers file \(folder.path)/none.yaml does not exist"))
    }
}
