import GridManifests
import GridModel
import GridTestSupport
import Testing

/// One document against its kind: each test changes one thing of the minimal valid grid.
@Suite struct SchemaTests {
    let sitePath = "manifests/sites/x.yaml"
    let site = """
          tier: edge
          region: eu-central
          location: {lat: 50.11, lon: 8.68}
          jurisdiction: EU
          gpus:
            - {model: L4, count: 4, memoryGiB: 24, costPerHour: 0.8}
          services: [maas]

        """

    @Test func everyKindOfTheManifestsDocumentDecodes() throws {
        let result = try load([
            "manifests/tenants/acme/prod.yaml": doc("KubernetesCluster", "prod", tenant: "acme", spec: """
                  version: "1.31"
                  site: fra-edge-1
                  controlPlane: {replicas: 3}
                  nodePools:
                    - {name: gpu, nodes: 2, gpu: {model: H100, perNode: 8}}

                """),
            "manifests/tenants/acme/train.yaml": doc("SlurmCluster", "train", tenant: "acme", spec: """
                  placement: {region: eu-central, tier: edge}
                  partitions:
                    - {name: train, gpu: {model: H100, count: 32}, maxTime: 72h, priority: 10}
                    - {name: debug, gpu: {model: H100, count: 4}, maxTime: 1h}
                  accounts: [research, prod]

                """),
            "manifests/tenants/acme/qos.yaml": doc("NetworkQoS", "chat-ingress", tenant: "acme", spec: """
                  from: {region: eu-west}
                  to: {service: chat}
                  class: realtime
                  guaranteedMbps: 500
                  maxMbps: 2000
                  maxLatencyMs: 20

                """),
            "manifests/tenants/acme/qos-cidr.yaml": doc("NetworkQoS", "lab", tenant: "acme", spec: """
                  from: {cidr: 10.20.0.0/16}
                  to: {service: chat}
                  class: bulk
                  guaranteedMbps: 0
                  maxMbps: 100

                """),
        ])
        #expect(lines(result) == [])
        let m = result.manifests
        #expect(m.kubernetesClusters.first?.nodePools.first?.gpusPerNode == 8)
        #expect(m.slurmClusters.first?.partitions.map(\.gpuCount) == [32, 4])
        #expect(m.slurmClusters.first?.partitions.first?.maxTime?.milliseconds == 259_200_000)
        #expect(m.networkQoS.count == 2)
        let chat = try #require(m.modelServices.first)
        #expect(chat.modelVersion == "1.3.3")
        #expect(chat.users.map(\.weight) == [0.6, 0.4])
        #expect(chat.rollout?.waves == [.sites(1), .percent(25), .percent(100)])
        #expect(m.tenants.first?.quota == ["H100": 64, "RTX-PRO-6000": 32])
        #expect(m.sites.first?.gpus.map(\.model) == ["RTX-PRO-6000", "H100"])
        #expect(result.summary.gpusByModel == ["H100": 8, "RTX-PRO-6000": 16])
    }

    @Test func stringFieldsKeepWhatWasWritten() throws {
        let result = try load([
            "manifests/tenants/acme/chat.yaml": doc("ModelService", "chat", tenant: "acme", spec: """
                  model: {name: NO, version: 1.10}
                  workloadClass: interactive
                  replicas: 1
                  gpu: {models: [H100]}
                  users: [{region: eu-west}]

                """),
            sitePath: "apiVersion: gridops/v1alpha1\nkind: Site\nmetadata: {name: x, labels: {legacy: off, tier: 1.10}}\nspec:\n" + site,
        ])
        #expect(lines(result) == [])
        #expect(result.manifests.modelServices.first?.modelName == "NO")
        #expect(result.manifests.modelServices.first?.modelVersion == "1.10")
        #expect(result.manifests.sites.first { $0.metadata.name == "x" }?.metadata.labels == ["legacy": "off", "tier": "1.10"])
    }

    @Test func unknownFieldsSuggestTheClosestKnownOne() throws {
        let result = try load([sitePath: doc("Site", "x", spec: site + "  maintainance: false\n  colour: red\n")])
        #expect(lines(result) == [
            "\(sitePath):12:3: error[GO3006]: unknown field 'spec.maintainance': did you mean 'maintenance'?",
            "\(sitePath):13:3: error[GO3006]: unknown field 'spec.colour' (known here: tier, region, location, jurisdiction, sovereign, gpus, services, driver, maintenance)",
        ])
    }

    @Test func apiVersionKindAndName() throws {
        let result = try load([
            "policies/a.yaml": "apiVersion: gridops/v1\nkind: PlacementPolicy\nmetadata: {name: a}\nspec: {workloadClass: a, tiers: [edge]}\n",
            "policies/b.yaml": "apiVersion: gridops/v1alpha1\nkind: PlacementPolicyy\nmetadata: {name: b}\nspec: {}\n",
            "policies/c.yaml": "apiVersion: gridops/v1alpha1\nkind: PlacementPolicy\nmetadata: {name: Bad_Name}\nspec: {workloadClass: c, tiers: [edge]}\n",
            "policies/d.yaml": "kind: PlacementPolicy\nspec: {workloadClass: d, tiers: [edge]}\n",
        ])
        #expect(lines(result) == [
            "policies/a.yaml:1:1: error[GO3002]: apiVersion must be 'gridops/v1alpha1', found 'gridops/v1'",
            "policies/b.yaml:2:1: error[GO3003]: unknown kind 'PlacementPolicyy': did you mean 'PlacementPolicy'?",
            "policies/c.yaml:3:18: error[GO3009]: 'metadata.name' is not a valid name 'Bad_Name': use lowercase letters, digits and '-', starting and ending with a letter or digit",
            "policies/d.yaml:1:1: error[GO3004]: missing required field 'apiVersion'",
            "policies/d.yaml:1:1: error[GO3004]: missing required field 'metadata'",
        ])
    }

    @Test func rangesAndEnums() throws {
        let result = try load([
            sitePath: doc("Site", "x", spec: """
                  tier: edge
                  region: eu-central
                  location: {lat: 91, lon: -180.5}
                  jurisdiction: eu
                  gpus:
                    - {model: L4, count: 0, memoryGiB: 24, costPerHour: -1}
                  services: [maas, gpu]
                  driver: {type: agent}

                """),
            "policies/p.yaml": doc("PlacementPolicy", "p", spec: """
                  workloadClass: p
                  tiers: []
                  maxUtilization: 1.5
                  weights: {latencyPerMs: -1}

                """),
        ])
        #expect(lines(result) == [
            "\(sitePath):7:19: error[GO3008]: 'spec.location.lat' must be at least -90 and at most 90, found 91",
            "\(sitePath):7:28: error[GO3008]: 'spec.location.lon' must be at least -180 and at most 180, found -180.5",
            "\(sitePath):8:17: error[GO3013]: 'spec.jurisdiction' must be a jurisdiction code like EU or US, found 'eu'",
            "\(sitePath):10:26: error[GO3008]: 'spec.gpus[0].count' must be between 1 and 10000000, found 0",
            "\(sitePath):10:57: error[GO3008]: 'spec.gpus[0].costPerHour' must be at least 0 and at most 1000000, found -1",
            "\(sitePath):11:20: error[GO3007]: 'spec.services[1]' must be one of kubernetes, slurm, maas, found 'gpu'",
            "\(sitePath):12:3: warning[GO5004]: 'spec.driver.type' is replaced by transports and backends: write 'driver: {transport: agent, backends: [slurm, network, models]}'",
            "policies/p.yaml:6:10: error[GO3008]: 'spec.tiers' must list at least one item",
            "policies/p.yaml:7:19: error[GO3008]: 'spec.maxUtilization' must be greater than 0 and at most 1, found 1.5",
            "policies/p.yaml:8:27: error[GO3008]: 'spec.weights.latencyPerMs' must be at least 0 and at most 1000000000, found -1",
        ])
    }

    @Test func servicesCheckWeightsDurationsWavesAndBandwidth() throws {
        let result = try load([
            "manifests/tenants/acme/chat.yaml": doc("ModelService", "chat", tenant: "acme", spec: """
                  model: {name: m, version: "1"}
                  workloadClass: interactive
                  replicas: 2
                  gpu: {models: [H100], perReplica: 1}
                  users: [{region: eu-west, weight: 0}, {region: eu-central, weight: 0}]
                  rollout: {waves: ["0", "50", "150%"], healthTimeout: 5}

                """),
            "manifests/tenants/acme/qos.yaml": doc("NetworkQoS", "q", tenant: "acme", spec: """
                  from: {region: eu-west, cidr: 10.0.0.0/33}
                  to: {service: chat}
                  class: realtime
                  guaranteedMbps: 600
                  maxMbps: 500

                """),
        ])
        #expect(lines(result) == [
            "manifests/tenants/acme/chat.yaml:9:3: error[GO3008]: 'spec.users' weights add up to 0: give at least one region a weight above 0",
            "manifests/tenants/acme/chat.yaml:10:21: error[GO3013]: 'spec.rollout.waves' entry '0' must be a site count (\"1\") or a percentage of sites (\"25%\")",
            "manifests/tenants/acme/chat.yaml:10:32: error[GO3013]: 'spec.rollout.waves' entry '150%' must be a site count (\"1\") or a percentage of sites (\"25%\")",
            "manifests/tenants/acme/chat.yaml:10:56: error[GO3010]: 'spec.rollout.healthTimeout' must be a duration with a unit (500ms, 90s, 5m, 2h, 1d), found '5'",
            "manifests/tenants/acme/qos.yaml:5:3: error[GO3012]: 'spec.from' takes one of region, site or cidr, not several",
            "manifests/tenants/acme/qos.yaml:5:27: error[GO3013]: 'spec.from.cidr' is not a CIDR block like 10.20.0.0/16: '10.0.0.0/33'",
            "manifests/tenants/acme/qos.yaml:8:3: error[GO3008]: 'spec.guaranteedMbps' (600) must not exceed 'spec.maxMbps' (500)",
        ])
    }

    @Test func clustersNeedExactlyOnePlacement() throws {
        let result = try load([
            "manifests/tenants/acme/a.yaml": doc("KubernetesCluster", "a", tenant: "acme", spec: "  version: \"1.31\"\n  site: fra-edge-1\n  placement: {tier: edge}\n"),
            "manifests/tenants/acme/b.yaml": doc("KubernetesCluster", "b", tenant: "acme", spec: "  version: \"1.31\"\n"),
        ])
        #expect(lines(result) == [
            "manifests/tenants/acme/a.yaml:7:3: error[GO3012]: give either 'spec.site' or 'spec.placement', not both",
            "manifests/tenants/acme/b.yaml:5:3: error[GO3004]: missing 'spec.site' (a pinned site) or 'spec.placement' (region and tier)",
        ])
    }
}
