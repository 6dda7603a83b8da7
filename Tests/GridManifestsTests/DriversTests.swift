import GridManifests
import GridModel
import GridTestSupport
import Testing

/// A Site's `driver` (transport and backends, and the form before them), and the
/// controller's drivers file.
@Suite struct DriversTests {
    let sitePath = "manifests/sites/x.yaml"

    func site(driver: String) -> String {
        doc("Site", "x", spec: """
              tier: edge
              region: eu-central
              location: {lat: 50.11, lon: 8.68}
              jurisdiction: EU
              services: [maas]
              driver: \(driver)

            """)
    }

    @Test func transportsAndBackendsDecode() throws {
        let result = try load([sitePath: site(driver: "{transport: local, backends: [slurm, network]}")])
        #expect(lines(result) == [])
        #expect(result.manifests.sites.first { $0.metadata.name == "x" }?.driver == DriverSpec(transport: .local, backends: ["slurm", "network"]))
    }

    @Test func theFormBeforeTransportsLoadsAndSaysWhatToWrite() throws {
        let result = try load([sitePath: site(driver: "{type: slurm, endpoint: 'https://head:6820'}")])
        #expect(lines(result) == [
            "\(sitePath):10:3: warning[GO5004]: 'spec.driver.type' is replaced by transports and backends: write 'driver: {transport: local, backends: [slurm]}'; hosts, endpoints and settings move to the controller's drivers file (--drivers)",
        ])
        #expect(result.manifests.sites.first { $0.metadata.name == "x" }?.driver == DriverSpec(transport: .local, backends: ["slurm"]))
        // `type: simulated` means exactly the simulated transport: no warning.
        #expect(lines(try load([sitePath: site(driver: "{type: simulated}")])) == [])
    }

    @Test func badDriversAreNamedWhereTheyAre() throws {
        #expect(lines(try load([sitePath: site(driver: "{transport: simulated, backends: [slurm]}")])) == [
            "\(sitePath):10:34: error[GO3012]: the simulated transport has one backend, the simulated world: remove 'spec.driver.backends' or use transport local",
        ])
        #expect(lines(try load([sitePath: site(driver: "{transport: local}")])) == [
            "\(sitePath):10:3: error[GO3004]: transport local needs 'spec.driver.backends', the subsystems the site has (slurm, network, models)",
        ])
        #expect(lines(try load([sitePath: site(driver: "{transport: lokal, backends: [Slurm, slurm, slurm]}")])) == [
            "\(sitePath):10:23: error[GO3007]: 'spec.driver.transport' must be one of simulated, local, agent, found 'lokal': did you mean 'local'?",
            "\(sitePath):10:41: error[GO3009]: 'Slurm' is not a backend name: lowercase letters, digits and '-'",
            "\(sitePath):10:55: error[GO4001]: backend 'slurm' is listed twice (first at line 10)",
        ])
    }

    // MARK: The drivers file

    static let schemas: [String: BackendSchema] = [
        "slurm": BackendSchema([
            .init("cluster", .string, required: true, doc: "the SLURM cluster name"),
            .init("command", .strings, doc: "how to reach the SLURM commands"),
            .init("timeoutSeconds", .int(1...600), doc: "per call"),
        ]),
        "network": BackendSchema([
            .init("interface", .string, required: true, doc: "the uplink"),
            .init("blocks", .map(of: .strings), doc: "address blocks by region"),
            .init("ingress", .bool, doc: "shape ingress"),
        ]),
    ]

    func parse(_ text: String) -> (DriverConfig?, [String]) {
        let (config, diagnostics) = DriverConfigLoader.parse(Array(text.utf8), path: "drivers.yaml", schemas: Self.schemas)
        return (config, diagnostics.map(\.description))
    }

    @Test func aGoodDriversFileIsRead() throws {
        let (config, problems) = parse("""
            sites:
              lab-1:
                transport: local
                state: /var/lib/gridops/lab-1
                backends:
                  slurm: {cluster: lab, command: [ip, netns, exec, site1], timeoutSeconds: 30}
                  network:
                    interface: veth0
                    ingress: true
                    blocks: {eu-west: [10.0.0.0/24, 10.0.1.0/24]}
            """)
        #expect(problems == [])
        let lab = try #require(config?.sites["lab-1"])
        #expect(lab.transport == .local)
        #expect(lab.state == "/var/lib/gridops/lab-1")
        #expect(lab.backends["slurm"]?.string("cluster") == "lab")
        #expect(lab.backends["slurm"]?.strings("command") == ["ip", "netns", "exec", "site1"])
        #expect(lab.backends["slurm"]?.int("timeoutSeconds") == 30)
        #expect(lab.backends["network"]?.bool("ingress") == true)
        #expect(lab.backends["network"]?["blocks"] == .map(["eu-west": .strings(["10.0.0.0/24", "10.0.1.0/24"])]))
        #expect(lab.at.line == 2)
    }

    @Test func everyFieldIsCheckedWithItsLine() {
        let (config, problems) = parse("""
            sites:
              lab-1:
                transport: locl
                backends:
                  slurm: {clustr: lab, timeoutSeconds: 9000, command: ssh}
                  netwrk: {interface: eth0}
              lab-2:
                transport: local
                backends:
                  network:
                  slurm: {cluster: [a]}
              sim-1: {transport: simulated}
            hosts: []
            """)
        #expect(config == nil)
        #expect(problems == [
            "drivers.yaml:3:16: error[GO3007]: 'sites.lab-1.transport' must be one of simulated, local, agent, found 'locl': did you mean 'local'?",
            "drivers.yaml:5:14: error[GO3004]: missing required field 'sites.lab-1.backends.slurm.cluster'",
            "drivers.yaml:5:59: error[GO3005]: 'sites.lab-1.backends.slurm.command' must be a list of strings, found 'ssh'",
            "drivers.yaml:5:44: error[GO3008]: 'sites.lab-1.backends.slurm.timeoutSeconds' must be between 1 and 600, found 9000",
            "drivers.yaml:5:15: error[GO3006]: unknown field 'sites.lab-1.backends.slurm.clustr': did you mean 'cluster'?",
            "drivers.yaml:6:7: error[GO3013]: 'sites.lab-1.backends.netwrk': no backend 'netwrk' is built into this gridops: did you mean 'network'?",
            "drivers.yaml:10:7: error[GO3004]: missing required field 'sites.lab-2.backends.network.interface'",
            "drivers.yaml:11:24: error[GO3005]: 'sites.lab-2.backends.slurm.cluster' must be a string, found a list",
            "drivers.yaml:12:3: error[GO3013]: site 'sim-1': simulated sites need no entry in the drivers file",
            "drivers.yaml:13:1: error[GO3006]: unknown field 'hosts' (known here: sites)",
        ])
    }

    @Test func aFileThatIsNotYAMLOrNotAMappingIsRefused() {
        #expect(parse("sites: [a\n").0 == nil)
        #expect(parse("sites: [a\n").1.first?.hasPrefix("drivers.yaml:2:1: error[GO2001]") == true)
        #expect(parse("- a\n").1 == ["drivers.yaml:1:1: error[GO3001]: a manifest document must be a mapping (apiVersion, kind, metadata, spec), found a list"])
        #expect(parse("").1 == ["drivers.yaml:1:1: error[GO3001]: a drivers file is one YAML document, found 0"])
    }
}
