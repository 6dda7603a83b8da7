// The generator's state and its stages in order, and the documents that do not depend on the
// size: the Grid and the three policies. The stages are in SyntheticGrid+Sites.swift,
// SyntheticGrid+PlacementIndex.swift, SyntheticGrid+Tenants.swift and SyntheticGrid+Services.swift.

extension SyntheticGrid {
    // MARK: - Generator

    struct GPUPool {
        var model: Int
        var count: Int
        var costCents: Int
    }

    struct SiteState {
        var name: String
        var region: Int
        var metro: Int
        var tier: Tier
        /// Degrees, already rounded to the two decimals that are written.
        var lat: Double
        var lon: Double
        var sovereign: Bool
        var maintenance: Bool
        var provider: Int
        var pools: [GPUPool]
    }

    struct TenantState {
        var name: String
        /// Compliance: 0 none, 1 EU, 2 EU and sovereign.
        var mode: Int
        var dedicated: Bool
        var priority: Int
        var hasQuota: Bool
        var weight: Int
        /// Next service number, for names unique within the tenant.
        var counter: Int
        /// Worst-case GPUs its services can use, per GPU model.
        var need: [Int]
    }

    enum ServiceKind: UInt8 {
        case modelService, kubernetesCluster, slurmCluster
    }

    static let apiVersionLine = "apiVersion: gridops/v1alpha1\n"
    static let latencyMargin = 0.05

    struct Generator {
        // The stages are extensions of Generator in other files, where SyntheticGrid's members are
        // not in lexical scope: these aliases let them name its nested types unqualified, as here.
        // (Its static helpers, such as `apiVersionLine`, are written `SyntheticGrid.` there.)
        typealias Catalog = SyntheticGrid.Catalog
        typealias Geo = SyntheticGrid.Geo
        typealias Tier = SyntheticGrid.Tier
        typealias LanguageModelSpec = SyntheticGrid.LanguageModelSpec
        typealias SplitMix64 = SyntheticGrid.SplitMix64
        typealias Output = SyntheticGrid.Output
        typealias GPUPool = SyntheticGrid.GPUPool
        typealias SiteState = SyntheticGrid.SiteState
        typealias TenantState = SyntheticGrid.TenantState
        typealias ServiceKind = SyntheticGrid.ServiceKind

        let siteCount: Int
        let serviceCount: Int
        let tenantCount: Int
        let seed: UInt64

        var files: [SyntheticGrid.File] = []
        var sites: [SiteState] = []
        var tenants: [TenantState] = []

        // Placement index, built once the sites exist.
        /// Ascending round trips from each region to the usable sites hosting a GPU model, keyed by
        /// `nearestKey(region, class, mode, model)`. Usable: maas, not in maintenance, tier allowed
        /// by the class (0 interactive, 1 batch), jurisdiction allowed by the mode.
        var nearest: [[Double]] = []
        /// Usable site indices for `[class * 3 + mode]`.
        var usable: [[Int]] = []
        /// Non-maintenance factory / regional sites (all host kubernetes; factories host slurm) per mode.
        var factories: [[Int]] = [[], [], []]
        var regionals: [[Int]] = [[], [], []]
        /// Up to three nearby regions (within 2,500 km) of each region, nearest first.
        var neighbors: [[Int]] = []
        var regionIsEU: [Bool] = []
        var modelExists = [Bool](repeating: false, count: Catalog.gpuModels.count)

        init(options: SyntheticGrid.Options) {
            siteCount = max(0, options.sites)
            serviceCount = max(0, options.services)
            if let tenants = options.tenants {
                tenantCount = max(0, tenants)
            } else {
                tenantCount = max(4, min(500, serviceCount / 50))
            }
            seed = options.seed
        }

        mutating func generate() -> [SyntheticGrid.File] {
            files.reserveCapacity(siteCount + serviceCount + tenantCount + 8)
            regionIsEU = Catalog.regions.map { $0.jurisdiction == "EU" }
            emitGrid()
            emitPolicies()
            makeSites()
            emitSites()
            buildIndex()
            makeTenants()
            makeServices()
            emitTenants()
            files.sort { $0.path < $1.path }
            return files
        }

        // MARK: Grid and policies

        mutating func emitGrid() {
            var out = Output(apiVersionLine)
            out += "kind: Grid\nmetadata: {name: synthetic}\nspec:\n  regions:\n"
            for region in Catalog.regions {
                out += "    - {name: "
                out += region.name
                out += ", location: {lat: "
                out.appendCents(roundToHundredths(region.lat))
                out += ", lon: "
                out.appendCents(roundToHundredths(region.lon))
                out += "}, jurisdiction: "
                out += region.jurisdiction
                out += "}\n"
            }
            out += "  latencyModel: {baseMs: 2, routeFactor: 1.5}\n"
            out += "  reconcile: {interval: 30s, maxParallelSites: 64}\n"
            files.append(SyntheticGrid.File(path: "manifests/grid.yaml", contents: out.text))
        }

        mutating func emitPolicies() {
            files.append(SyntheticGrid.File(path: "policies/placement-interactive.yaml", contents: apiVersionLine + """
                kind: PlacementPolicy
                metadata: {name: interactive}
                spec:
                  workloadClass: interactive
                  tiers: [edge, regional]
                  maxUtilization: 0.85
                  weights: {latencyPerMs: 1.0, costPerGpuHour: 5.0, movePerReplica: 20.0}

                """))
            files.append(SyntheticGrid.File(path: "policies/placement-batch.yaml", contents: apiVersionLine + """
                kind: PlacementPolicy
                metadata: {name: batch}
                spec:
                  workloadClass: batch
                  tiers: [regional, factory]
                  maxUtilization: 0.95
                  weights: {latencyPerMs: 0.1, costPerGpuHour: 10.0, movePerReplica: 50.0}

                """))
            files.append(SyntheticGrid.File(path: "policies/compliance-eu-personal-data.yaml", contents: apiVersionLine + """
                kind: CompliancePolicy
                metadata: {name: eu-personal-data}
                spec:
                  match: {tenantLabels: {data: eu-personal}}
                  require: {jurisdictions: [EU], sovereign: true}
                  enforcement: deny

                """))
        }
    }
}
