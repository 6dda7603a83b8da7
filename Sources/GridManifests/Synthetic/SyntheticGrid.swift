// A deterministic generator of valid, realistic grid repositories of any size, for tests,
// benchmarks and demos. Plain Swift standard library only: no Foundation, no libm (the few
// trigonometric functions needed are below), so the output is byte-identical on every platform.

/// Generates a complete grid repository (`manifests/` and `policies/`) in the v1alpha1 format
/// of `MANIFESTS.md`: one Grid with 16 regions, Sites in all three tiers, Tenants with mixed
/// isolation, priority, compliance and quota, and their ModelServices, KubernetesClusters,
/// SlurmClusters and NetworkQoS policies.
///
/// The output is a pure function of the options (its own SplitMix64 streams, no system RNG, no
/// hash-ordered iteration) and valid by construction: every reference resolves, every name is a
/// unique DNS label, and every ModelService has, for each of its user regions, a site within its
/// latency SLO that hosts one of its GPU models in a tier its workload class allows and a
/// jurisdiction its tenant allows.
///
/// Degenerate sizes stay valid: with `sites: 0` (or `tenants: 0`) no service can be placed or
/// owned, so none are generated; the Grid, the policies and the tenants still are.
public struct SyntheticGrid: Sendable {
    public struct Options: Sendable, Equatable {
        /// Number of Site manifests.
        public var sites: Int
        /// Number of ModelService + KubernetesCluster + SlurmCluster documents (about 90/7/3 %).
        public var services: Int
        /// Number of tenants; nil: `max(4, min(500, services / 50))`.
        public var tenants: Int?
        public var seed: UInt64

        public init(sites: Int, services: Int, tenants: Int? = nil, seed: UInt64 = 1) {
            self.sites = sites
            self.services = services
            self.tenants = tenants
            self.seed = seed
        }
    }

    public struct File: Sendable, Equatable {
        /// Repository-relative path, e.g. `manifests/sites/fra-edge-0001.yaml`.
        public var path: String
        public var contents: String

        public init(path: String, contents: String) {
            self.path = path
            self.contents = contents
        }
    }

    /// Every file of the grid repository, sorted by path. Deterministic per options.
    public static func files(_ options: Options) -> [File] {
        var generator = Generator(options: options)
        return generator.generate()
    }
}

// Everything below is nested in SyntheticGrid, so that no helper name can collide with
// another declaration of the module.
extension SyntheticGrid {
    // MARK: - Random numbers

    /// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence everywhere.
    fileprivate struct SplitMix64 {
        private var state: UInt64

        /// Independent streams of one seed: one per generation stage, so that changing one stage
        /// does not reshuffle the others.
        init(seed: UInt64, stream: UInt64) {
            state = seed &+ (stream &+ 1) &* 0xD1B5_4A32_D192_ED03
            _ = next()
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in `0..<n` (multiply-high, Lemire); 0 when `n <= 0`.
        mutating func below(_ n: Int) -> Int {
            guard n > 0 else { return 0 }
            return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
        }

        /// Uniform in `lo...hi`.
        mutating func range(_ lo: Int, _ hi: Int) -> Int {
            lo + below(hi - lo + 1)
        }

        /// Uniform in `[0, 1)`.
        mutating func unit() -> Double {
            Double(next() >> 11) * 0x1p-53
        }

        mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
            lo + (hi - lo) * unit()
        }

        mutating func chance(_ p: Double) -> Bool {
            unit() < p
        }

        mutating func element<T>(_ array: [T]) -> T {
            array[below(array.count)]
        }

        mutating func shuffle<T>(_ array: inout [T]) {
            var i = array.count - 1
            while i > 0 {
                array.swapAt(i, below(i + 1))
                i -= 1
            }
        }
    }

    /// Index into cumulative weights for a draw in `0..<cumulative.last`.
    fileprivate static func pickCumulative(_ cumulative: [Int], _ draw: Int) -> Int {
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > draw { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Number of elements `<= limit` in an ascending array.
    fileprivate static func countAtMost(_ sorted: [Double], _ limit: Double) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: - Geometry

    /// Great-circle distances and the latency model, with portable polynomial trigonometry.
    fileprivate enum Geo {
        static let earthRadiusKm = 6371.0
        static let radiansPerDegree = Double.pi / 180
        static let baseMs = 2.0
        static let routeFactor = 1.5

        /// `baseMs + routeFactor * greatCircleKm / 100`, as in MANIFESTS.md.
        static func rttMs(km: Double) -> Double {
            baseMs + routeFactor * km / 100
        }

        /// Haversine distance in km between two points given in degrees.
        static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
            let phi1 = lat1 * radiansPerDegree
            let phi2 = lat2 * radiansPerDegree
            let sinHalfDLat = sinCos((phi2 - phi1) / 2).sin
            let sinHalfDLon = sinCos((lon2 - lon1) * radiansPerDegree / 2).sin
            let a = sinHalfDLat * sinHalfDLat
                + sinCos(phi1).cos * sinCos(phi2).cos * sinHalfDLon * sinHalfDLon
            return 2 * earthRadiusKm * asin(min(1, max(0, a)).squareRoot())
        }

        /// Sine and cosine, reduced to `[-pi/4, pi/4]` and evaluated by Taylor polynomials
        /// (error below 1e-15 there). Accurate for the |x| <= 2 pi used here.
        static func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
            let k = (x * (2 / Double.pi)).rounded()
            let r = x - k * (Double.pi / 2)
            let r2 = r * r
            var s = -1.0 / 1_307_674_368_000
            s = s * r2 + 1.0 / 6_227_020_800
            s = s * r2 - 1.0 / 39_916_800
            s = s * r2 + 1.0 / 362_880
            s = s * r2 - 1.0 / 5040
            s = s * r2 + 1.0 / 120
            s = s * r2 - 1.0 / 6
            s = r + r * r2 * s
            var c = 1.0 / 20_922_789_888_000
            c = c * r2 - 1.0 / 87_178_291_200
            c = c * r2 + 1.0 / 479_001_600
            c = c * r2 - 1.0 / 3_628_800
            c = c * r2 + 1.0 / 40320
            c = c * r2 - 1.0 / 720
            c = c * r2 + 1.0 / 24
            c = c * r2 - 0.5
            c = 1 + r2 * c
            switch Int(k) & 3 {
            case 0: return (s, c)
            case 1: return (c, -s)
            case 2: return (-s, -c)
            default: return (-c, s)
            }
        }

        /// Arc tangent: reduced to |x| <= tan(pi/12), then its Taylor series.
        static func atan(_ x: Double) -> Double {
            var v = abs(x)
            let invert = v > 1
            if invert { v = 1 / v }
            var offset = 0.0
            let sqrt3 = 1.7320508075688772
            if v > 0.2679491924311227 {
                v = (v * sqrt3 - 1) / (sqrt3 + v)
                offset = Double.pi / 6
            }
            let v2 = v * v
            var p = 0.0
            var n = 27.0
            while n >= 3 {
                p = (n.truncatingRemainder(dividingBy: 4) == 1 ? 1 / n : -1 / n) + v2 * p
                n -= 2
            }
            var result = offset + v + v * v2 * p
            if invert { result = Double.pi / 2 - result }
            return x < 0 ? -result : result
        }

        /// Arc sine for `x` in `[0, 1]`.
        static func asin(_ x: Double) -> Double {
            if x >= 1 { return Double.pi / 2 }
            return atan(x / (1 - x * x).squareRoot())
        }
    }

    // MARK: - Catalog

    fileprivate struct MetroSpec: Sendable {
        let code: String
        let lat: Double
        let lon: Double
        /// Maximum jitter of a site around the metro, in degrees of latitude and longitude.
        let jitter: Double
    }

    fileprivate struct RegionSpec: Sendable {
        let name: String
        let lat: Double
        let lon: Double
        let jurisdiction: String
        /// Relative share of the sites.
        let siteWeight: Int
        let metros: [MetroSpec]
    }

    fileprivate struct LanguageModelSpec: Sendable {
        let name: String
        /// GPU memory one replica needs; decides which GPU models fit and perReplica (1 or 2).
        let memoryGiB: Int
        let weight: Int
        let purposes: [String]
    }

    fileprivate enum Tier: Int {
        case factory = 0, regional = 1, edge = 2

        var name: String {
            switch self {
            case .factory: "factory"
            case .regional: "regional"
            case .edge: "edge"
            }
        }

        var servicesList: String {
            switch self {
            case .factory: "[kubernetes, slurm, maas]"
            case .regional: "[kubernetes, maas]"
            case .edge: "[maas]"
            }
        }
    }

    fileprivate enum Catalog {
        static let regions: [RegionSpec] = [
            RegionSpec(name: "eu-west", lat: 48.86, lon: 2.35, jurisdiction: "EU", siteWeight: 9, metros: [
                MetroSpec(code: "par", lat: 48.86, lon: 2.35, jitter: 1.5),
                MetroSpec(code: "ams", lat: 52.37, lon: 4.90, jitter: 1.0),
                MetroSpec(code: "bru", lat: 50.85, lon: 4.35, jitter: 1.0),
                MetroSpec(code: "lys", lat: 45.76, lon: 4.84, jitter: 1.5),
            ]),
            RegionSpec(name: "eu-central", lat: 50.11, lon: 8.68, jurisdiction: "EU", siteWeight: 10, metros: [
                MetroSpec(code: "fra", lat: 50.11, lon: 8.68, jitter: 1.5),
                MetroSpec(code: "muc", lat: 48.14, lon: 11.58, jitter: 1.5),
                MetroSpec(code: "ber", lat: 52.52, lon: 13.40, jitter: 1.5),
                MetroSpec(code: "vie", lat: 48.21, lon: 16.37, jitter: 1.0),
                MetroSpec(code: "waw", lat: 52.23, lon: 21.01, jitter: 2.0),
            ]),
            RegionSpec(name: "eu-north", lat: 59.33, lon: 18.07, jurisdiction: "EU", siteWeight: 4, metros: [
                MetroSpec(code: "sto", lat: 59.33, lon: 18.07, jitter: 2.0),
                MetroSpec(code: "hel", lat: 60.17, lon: 24.94, jitter: 2.0),
                MetroSpec(code: "cph", lat: 55.68, lon: 12.57, jitter: 1.0),
            ]),
            RegionSpec(name: "eu-south", lat: 45.46, lon: 9.19, jurisdiction: "EU", siteWeight: 5, metros: [
                MetroSpec(code: "mil", lat: 45.46, lon: 9.19, jitter: 1.5),
                MetroSpec(code: "rom", lat: 41.90, lon: 12.50, jitter: 1.5),
                MetroSpec(code: "mad", lat: 40.42, lon: -3.70, jitter: 2.0),
            ]),
            RegionSpec(name: "uk-south", lat: 51.51, lon: -0.13, jurisdiction: "UK", siteWeight: 6, metros: [
                MetroSpec(code: "lon", lat: 51.51, lon: -0.13, jitter: 1.0),
                MetroSpec(code: "man", lat: 53.48, lon: -2.24, jitter: 1.0),
                MetroSpec(code: "edi", lat: 55.95, lon: -3.19, jitter: 1.0),
            ]),
            RegionSpec(name: "us-east", lat: 40.71, lon: -74.01, jurisdiction: "US", siteWeight: 12, metros: [
                MetroSpec(code: "nyc", lat: 40.71, lon: -74.01, jitter: 2.0),
                MetroSpec(code: "iad", lat: 39.04, lon: -77.49, jitter: 2.0),
                MetroSpec(code: "bos", lat: 42.36, lon: -71.06, jitter: 1.5),
                MetroSpec(code: "atl", lat: 33.75, lon: -84.39, jitter: 3.0),
            ]),
            RegionSpec(name: "us-central", lat: 41.88, lon: -87.63, jurisdiction: "US", siteWeight: 8, metros: [
                MetroSpec(code: "chi", lat: 41.88, lon: -87.63, jitter: 3.0),
                MetroSpec(code: "dfw", lat: 32.78, lon: -96.80, jitter: 3.0),
                MetroSpec(code: "den", lat: 39.74, lon: -104.99, jitter: 3.0),
            ]),
            RegionSpec(name: "us-west", lat: 37.77, lon: -122.42, jurisdiction: "US", siteWeight: 10, metros: [
                MetroSpec(code: "sfo", lat: 37.77, lon: -122.42, jitter: 2.0),
                MetroSpec(code: "lax", lat: 34.05, lon: -118.24, jitter: 2.0),
                MetroSpec(code: "sea", lat: 47.61, lon: -122.33, jitter: 2.0),
                MetroSpec(code: "phx", lat: 33.45, lon: -112.07, jitter: 3.0),
            ]),
            RegionSpec(name: "ca-east", lat: 43.65, lon: -79.38, jurisdiction: "CA", siteWeight: 4, metros: [
                MetroSpec(code: "yyz", lat: 43.65, lon: -79.38, jitter: 2.0),
                MetroSpec(code: "yul", lat: 45.50, lon: -73.57, jitter: 2.0),
            ]),
            RegionSpec(name: "sa-east", lat: -23.55, lon: -46.63, jurisdiction: "BR", siteWeight: 5, metros: [
                MetroSpec(code: "gru", lat: -23.55, lon: -46.63, jitter: 3.0),
                MetroSpec(code: "rio", lat: -22.91, lon: -43.17, jitter: 2.0),
                MetroSpec(code: "bsb", lat: -15.79, lon: -47.88, jitter: 3.0),
            ]),
            RegionSpec(name: "ap-northeast", lat: 35.68, lon: 139.69, jurisdiction: "JP", siteWeight: 8, metros: [
                MetroSpec(code: "tyo", lat: 35.68, lon: 139.69, jitter: 1.5),
                MetroSpec(code: "osa", lat: 34.69, lon: 135.50, jitter: 1.5),
            ]),
            RegionSpec(name: "ap-southeast", lat: 1.35, lon: 103.82, jurisdiction: "SG", siteWeight: 5, metros: [
                MetroSpec(code: "sin", lat: 1.35, lon: 103.82, jitter: 0.3),
            ]),
            RegionSpec(name: "ap-south", lat: 19.08, lon: 72.88, jurisdiction: "IN", siteWeight: 6, metros: [
                MetroSpec(code: "bom", lat: 19.08, lon: 72.88, jitter: 3.0),
                MetroSpec(code: "del", lat: 28.61, lon: 77.21, jitter: 3.0),
                MetroSpec(code: "maa", lat: 13.08, lon: 80.27, jitter: 2.0),
                MetroSpec(code: "blr", lat: 12.97, lon: 77.59, jitter: 2.0),
            ]),
            RegionSpec(name: "au-east", lat: -33.87, lon: 151.21, jurisdiction: "AU", siteWeight: 4, metros: [
                MetroSpec(code: "syd", lat: -33.87, lon: 151.21, jitter: 2.0),
                MetroSpec(code: "mel", lat: -37.81, lon: 144.96, jitter: 2.0),
                MetroSpec(code: "bne", lat: -27.47, lon: 153.03, jitter: 2.0),
            ]),
            RegionSpec(name: "me-central", lat: 25.20, lon: 55.27, jurisdiction: "AE", siteWeight: 2, metros: [
                MetroSpec(code: "dxb", lat: 25.20, lon: 55.27, jitter: 0.5),
                MetroSpec(code: "auh", lat: 24.45, lon: 54.38, jitter: 0.5),
            ]),
            RegionSpec(name: "af-south", lat: -26.20, lon: 28.05, jurisdiction: "ZA", siteWeight: 2, metros: [
                MetroSpec(code: "jnb", lat: -26.20, lon: 28.05, jitter: 2.0),
                MetroSpec(code: "cpt", lat: -33.92, lon: 18.42, jitter: 1.5),
            ]),
        ]

        /// GPU models, in the order they are listed everywhere (pools, quotas).
        static let gpuModels = ["L4", "L40S", "RTX-PRO-6000", "H100", "B200"]
        static let gpuMemoryGiB = [24, 48, 96, 80, 192]
        static let gpuCostCentsPerHour = [80, 150, 190, 290, 450]
        static let l4 = 0, l40s = 1, rtxPro6000 = 2, h100 = 3, b200 = 4

        static let languageModels: [LanguageModelSpec] = [
            LanguageModelSpec(name: "llama-3.1-8b-instruct", memoryGiB: 18, weight: 14,
                              purposes: ["chat", "assistant", "support", "copilot", "agent", "rag"]),
            LanguageModelSpec(name: "llama-3.2-3b-instruct", memoryGiB: 8, weight: 6,
                              purposes: ["chat", "assistant", "autocomplete", "classify"]),
            LanguageModelSpec(name: "llama-3.3-70b-instruct", memoryGiB: 80, weight: 6,
                              purposes: ["chat", "assistant", "agent", "reasoning", "rag"]),
            LanguageModelSpec(name: "llama-3.2-11b-vision-instruct", memoryGiB: 28, weight: 3,
                              purposes: ["vision", "ocr", "docparse"]),
            LanguageModelSpec(name: "mistral-7b-instruct-v0.3", memoryGiB: 16, weight: 8,
                              purposes: ["chat", "summarize", "translate", "support"]),
            LanguageModelSpec(name: "mixtral-8x7b-instruct", memoryGiB: 96, weight: 3,
                              purposes: ["chat", "assistant", "translate"]),
            LanguageModelSpec(name: "mistral-small-24b-instruct", memoryGiB: 52, weight: 3,
                              purposes: ["chat", "agent", "summarize"]),
            LanguageModelSpec(name: "qwen2.5-7b-instruct", memoryGiB: 16, weight: 6,
                              purposes: ["chat", "translate", "extract"]),
            LanguageModelSpec(name: "qwen2.5-32b-instruct", memoryGiB: 40, weight: 3,
                              purposes: ["chat", "assistant", "rag"]),
            LanguageModelSpec(name: "qwen2.5-coder-32b-instruct", memoryGiB: 40, weight: 3,
                              purposes: ["code", "codereview", "copilot"]),
            LanguageModelSpec(name: "deepseek-r1-distill-qwen-32b", memoryGiB: 40, weight: 2,
                              purposes: ["reasoning", "agent", "math"]),
            LanguageModelSpec(name: "gemma-2-9b-it", memoryGiB: 20, weight: 4,
                              purposes: ["chat", "summarize", "classify"]),
            LanguageModelSpec(name: "phi-3.5-mini-instruct", memoryGiB: 8, weight: 3,
                              purposes: ["chat", "autocomplete", "extract"]),
            LanguageModelSpec(name: "whisper-large-v3", memoryGiB: 6, weight: 6,
                              purposes: ["transcribe", "captions", "voice"]),
            LanguageModelSpec(name: "bge-m3", memoryGiB: 4, weight: 5,
                              purposes: ["embed", "search", "retrieval"]),
            LanguageModelSpec(name: "e5-mistral-7b-instruct", memoryGiB: 16, weight: 2,
                              purposes: ["embed", "search", "rerank"]),
            LanguageModelSpec(name: "stable-diffusion-xl-base-1.0", memoryGiB: 12, weight: 2,
                              purposes: ["imagegen", "creative", "thumbnails"]),
        ]

        static let tenantPrefixes = [
            "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell",
            "cyberdyne", "soylent", "vandelay", "aperture", "oscorp", "nakatomi", "pied-piper",
            "massive-dynamic", "dunder-mifflin", "gringotts", "monarch", "virtucon", "weyland",
            "bluth", "sterling-cooper", "prestige", "zorg", "duff", "krusty", "ollivander", "wernham",
        ]

        static let providers = ["galleon", "northwind", "helios", "kestrel", "meridian", "polaris"]
        static let kubernetesPurposes = ["prod", "staging", "dev", "ml", "research", "inference"]
        static let slurmPurposes = ["train", "hpc", "research", "finetune"]
        /// Replicas 1...8, weighted towards small services (mean about 2.1), so that interactive
        /// demand stays around three quarters of edge and regional capacity at maxUtilization.
        static let replicaWeights = [50, 25, 9, 6, 4, 2, 2, 2]
        static let mbps = [50, 100, 200, 500, 1000]
    }

    // MARK: - Formatting

    /// A manifest (or a name) being written: appends only, numbers without Foundation formatting.
    fileprivate struct Output {
        var text: String

        init(_ start: String, capacity: Int = 0) {
            text = start
            if capacity > 0 { text.reserveCapacity(capacity) }
        }

        static func += (out: inout Output, piece: String) {
            out.text += piece
        }

        mutating func appendInt(_ value: Int) {
            text += String(value)
        }

        /// Zero-padded to at least `width` digits (non-negative values).
        mutating func appendPadded(_ value: Int, width: Int) {
            let digits = String(value)
            var missing = width - digits.utf8.count
            while missing > 0 {
                text += "0"
                missing -= 1
            }
            text += digits
        }

        /// Hundredths as a decimal with exactly two digits after the dot: 190 -> `1.90`.
        mutating func appendCents(_ hundredths: Int) {
            var value = hundredths
            if value < 0 {
                text += "-"
                value = -value
            }
            appendInt(value / 100)
            text += "."
            let fraction = value % 100
            if fraction < 10 { text += "0" }
            appendInt(fraction)
        }

        /// Hundredths with one or two decimals: 100 -> `1.0`, 60 -> `0.6`, 55 -> `0.55`.
        mutating func appendShortDecimal(_ hundredths: Int) {
            appendInt(hundredths / 100)
            text += "."
            let fraction = hundredths % 100
            if fraction % 10 == 0 {
                appendInt(fraction / 10)
            } else {
                if fraction < 10 { text += "0" }
                appendInt(fraction)
            }
        }
    }

    fileprivate static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    fileprivate static func roundToHundredths(_ value: Double) -> Int {
        Int((value * 100).rounded())
    }

    // MARK: - Generator

    fileprivate struct GPUPool {
        var model: Int
        var count: Int
        var costCents: Int
    }

    fileprivate struct SiteState {
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

    fileprivate struct TenantState {
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

    fileprivate enum ServiceKind: UInt8 {
        case modelService, kubernetesCluster, slurmCluster
    }

    fileprivate static let apiVersionLine = "apiVersion: gridops/v1alpha1\n"
    fileprivate static let latencyMargin = 0.05

    fileprivate struct Generator {
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

        // MARK: Sites

        mutating func makeSites() {
            let n = siteCount
            guard n > 0 else { return }
            var rng = SplitMix64(seed: seed, stream: 1)
            let regions = Catalog.regions

            var cumulative: [Int] = []
            var total = 0
            for region in regions {
                total += region.siteWeight
                cumulative.append(total)
            }

            // Where: a region by weight, a metro of it, jitter around the metro.
            var regionOf = [Int](repeating: 0, count: n)
            var metroOf = [Int](repeating: 0, count: n)
            var lats = [Double](repeating: 0, count: n)
            var lons = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let r = pickCumulative(cumulative, rng.below(total))
                let m = rng.below(regions[r].metros.count)
                let metro = regions[r].metros[m]
                let lat = min(90, max(-90, metro.lat + rng.uniform(-metro.jitter, metro.jitter)))
                let lon = min(180, max(-180, metro.lon + rng.uniform(-metro.jitter, metro.jitter)))
                regionOf[i] = r
                metroOf[i] = m
                lats[i] = Double(roundToHundredths(lat)) / 100
                lons[i] = Double(roundToHundredths(lon)) / 100
            }

            // Tiers: about 2 % factories and 10 % regional hubs, every tier present from 3 sites.
            var tiers = [Tier](repeating: .edge, count: n)
            var order = Array(0..<n)
            rng.shuffle(&order)
            let factoryCount: Int
            let regionalCount: Int
            switch n {
            case 1: (factoryCount, regionalCount) = (0, 1)
            case 2: (factoryCount, regionalCount) = (1, 1)
            default: (factoryCount, regionalCount) = (max(1, (2 * n + 50) / 100), max(1, (10 * n + 50) / 100))
            }
            for k in 0..<factoryCount { tiers[order[k]] = .factory }
            for k in factoryCount..<(factoryCount + regionalCount) { tiers[order[k]] = .regional }

            // At least one EU factory or regional site whenever there are EU sites.
            let euSites = (0..<n).filter { regionIsEU[regionOf[$0]] }
            if !euSites.isEmpty, !euSites.contains(where: { tiers[$0] != .edge }) {
                let e = euSites[rng.below(euSites.count)]
                let x = order[regionalCount > 0 ? factoryCount : 0]
                tiers[e] = tiers[x]
                tiers[x] = .edge
            }

            // About 20 % of EU sites sovereign, and at least one EU factory or regional site.
            var sovereign = [Bool](repeating: false, count: n)
            for e in euSites where rng.chance(0.2) { sovereign[e] = true }
            let euLarge = euSites.filter { tiers[$0] != .edge }
            var designatedSovereign = -1
            if let d = euLarge.first(where: { sovereign[$0] }) {
                designatedSovereign = d
            } else if !euLarge.isEmpty {
                designatedSovereign = euLarge[rng.below(euLarge.count)]
                sovereign[designatedSovereign] = true
            }

            // About 1 % in maintenance, never one factory, one regional hub and the sovereign site above.
            var protected = [Bool](repeating: false, count: n)
            if let f = (0..<n).first(where: { tiers[$0] == .factory }) { protected[f] = true }
            if let r = (0..<n).first(where: { tiers[$0] == .regional }) { protected[r] = true }
            if designatedSovereign >= 0 { protected[designatedSovereign] = true }
            var maintenance = [Bool](repeating: false, count: n)
            let maintenanceCount = n >= 50 ? (n + 50) / 100 : 0
            var picked = 0
            while picked < maintenanceCount {
                let i = rng.below(n)
                if protected[i] || maintenance[i] { continue }
                maintenance[i] = true
                picked += 1
            }

            let width = max(4, digitCount(n))
            sites.reserveCapacity(n)
            for i in 0..<n {
                var pools: [GPUPool] = []
                func pool(_ model: Int, _ count: Int) -> GPUPool {
                    let factor = 1 + rng.uniform(-0.15, 0.15)
                    let cents = Int((Double(Catalog.gpuCostCentsPerHour[model]) * factor).rounded())
                    return GPUPool(model: model, count: count, costCents: cents)
                }
                switch tiers[i] {
                case .factory:
                    pools.append(pool(Catalog.h100, 64 * rng.range(8, 32)))
                    if rng.chance(0.7) { pools.append(pool(Catalog.b200, 32 * rng.range(8, 32))) }
                case .regional:
                    let roll = rng.unit()
                    if roll < 0.8 { pools.append(pool(Catalog.l40s, 8 * rng.range(2, 16))) }
                    if roll >= 0.2 { pools.append(pool(Catalog.h100, 8 * rng.range(2, 16))) }
                case .edge:
                    let roll = rng.unit()
                    if roll < 0.75 { pools.append(pool(Catalog.l4, 4 * rng.range(1, 4))) }
                    if roll >= 0.25 { pools.append(pool(Catalog.rtxPro6000, 4 * rng.range(1, 4))) }
                }
                var name = Output(regions[regionOf[i]].metros[metroOf[i]].code)
                name += "-"
                name += tiers[i].name
                name += "-"
                name.appendPadded(i + 1, width: width)
                sites.append(SiteState(
                    name: name.text, region: regionOf[i], metro: metroOf[i], tier: tiers[i],
                    lat: lats[i], lon: lons[i], sovereign: sovereign[i], maintenance: maintenance[i],
                    provider: rng.below(Catalog.providers.count), pools: pools
                ))
            }
        }

        mutating func emitSites() {
            let regions = Catalog.regions
            for site in sites {
                let region = regions[site.region]
                var out = Output(apiVersionLine, capacity: 480)
                out += "kind: Site\nmetadata: {name: "
                out += site.name
                out += ", labels: {provider: "
                out += Catalog.providers[site.provider]
                out += ", metro: "
                out += region.metros[site.metro].code
                out += "}}\nspec:\n  tier: "
                out += site.tier.name
                out += "\n  region: "
                out += region.name
                out += "\n  location: {lat: "
                out.appendCents(roundToHundredths(site.lat))
                out += ", lon: "
                out.appendCents(roundToHundredths(site.lon))
                out += "}\n  jurisdiction: "
                out += region.jurisdiction
                out += site.sovereign ? "\n  sovereign: true\n  gpus:\n" : "\n  sovereign: false\n  gpus:\n"
                for pool in site.pools {
                    out += "    - {model: "
                    out += Catalog.gpuModels[pool.model]
                    out += ", count: "
                    out.appendInt(pool.count)
                    out += ", memoryGiB: "
                    out.appendInt(Catalog.gpuMemoryGiB[pool.model])
                    out += ", costPerHour: "
                    out.appendCents(pool.costCents)
                    out += "}\n"
                }
                out += "  services: "
                out += site.tier.servicesList
                out += "\n  driver: {type: simulated}\n"
                out += site.maintenance ? "  maintenance: true\n" : "  maintenance: false\n"
                var path = "manifests/sites/"
                path += site.name
                path += ".yaml"
                files.append(SyntheticGrid.File(path: path, contents: out.text))
            }
        }

        // MARK: Placement index

        func nearestKey(_ region: Int, _ workloadClass: Int, _ mode: Int, _ model: Int) -> Int {
            ((region * 2 + workloadClass) * 3 + mode) * Catalog.gpuModels.count + model
        }

        static func classAllows(_ workloadClass: Int, _ tier: Tier) -> Bool {
            workloadClass == 0 ? tier != .factory : tier != .edge
        }

        func modeAllows(_ mode: Int, _ site: SiteState) -> Bool {
            switch mode {
            case 0: true
            case 1: regionIsEU[site.region]
            default: regionIsEU[site.region] && site.sovereign
            }
        }

        mutating func buildIndex() {
            let regions = Catalog.regions
            let regionCount = regions.count
            let modelCount = Catalog.gpuModels.count
            nearest = Array(repeating: [], count: regionCount * 2 * 3 * modelCount)
            usable = Array(repeating: [], count: 6)

            for (s, site) in sites.enumerated() {
                for pool in site.pools { modelExists[pool.model] = true }
                if site.maintenance { continue }
                if site.tier != .edge {
                    for mode in 0..<3 where modeAllows(mode, site) {
                        if site.tier == .factory { factories[mode].append(s) } else { regionals[mode].append(s) }
                    }
                }
                var rtts = [Double](repeating: 0, count: regionCount)
                for r in 0..<regionCount {
                    rtts[r] = Geo.rttMs(km: Geo.distanceKm(regions[r].lat, regions[r].lon, site.lat, site.lon))
                }
                for workloadClass in 0..<2 where Self.classAllows(workloadClass, site.tier) {
                    for mode in 0..<3 where modeAllows(mode, site) {
                        usable[workloadClass * 3 + mode].append(s)
                        for r in 0..<regionCount {
                            for pool in site.pools {
                                nearest[nearestKey(r, workloadClass, mode, pool.model)].append(rtts[r])
                            }
                        }
                    }
                }
            }
            for k in nearest.indices where nearest[k].count > 1 {
                nearest[k].sort()
            }

            neighbors = []
            for a in 0..<regionCount {
                var near: [(km: Double, region: Int)] = []
                for b in 0..<regionCount where b != a {
                    let km = Geo.distanceKm(regions[a].lat, regions[a].lon, regions[b].lat, regions[b].lon)
                    if km <= 2500 { near.append((km, b)) }
                }
                near.sort { $0.km < $1.km || ($0.km == $1.km && $0.region < $1.region) }
                neighbors.append(near.prefix(3).map(\.region))
            }
        }

        func canServeModels(_ mode: Int) -> Bool {
            !usable[mode].isEmpty || !usable[3 + mode].isEmpty
        }

        // MARK: Tenants

        mutating func makeTenants() {
            var rng = SplitMix64(seed: seed, stream: 2)
            let width = max(4, digitCount(tenantCount))
            let weights = [1, 1, 1, 2, 2, 3, 4, 6, 8, 12]
            tenants.reserveCapacity(tenantCount)
            for i in 0..<tenantCount {
                var name = Output(rng.element(Catalog.tenantPrefixes))
                name += "-"
                name.appendPadded(i + 1, width: width)
                let roll = rng.unit()
                var mode = roll < 0.05 ? 2 : (roll < 0.30 ? 1 : 0)
                // The first tenant is unconstrained, so that every kind can be placed somewhere.
                if i == 0 || !canServeModels(mode) { mode = 0 }
                tenants.append(TenantState(
                    name: name.text, mode: mode, dedicated: rng.chance(0.1), priority: 10 * rng.range(1, 100),
                    hasQuota: rng.chance(0.2), weight: rng.element(weights), counter: 1,
                    need: [Int](repeating: 0, count: Catalog.gpuModels.count)
                ))
            }
        }

        mutating func emitTenants() {
            for tenant in tenants {
                var out = Output(apiVersionLine)
                out += "kind: Tenant\nmetadata: {name: "
                out += tenant.name
                out += tenant.mode == 2 ? ", labels: {data: eu-personal}}\n" : "}\n"
                out += "spec:\n  isolation: "
                out += tenant.dedicated ? "dedicated" : "shared"
                out += "\n  priority: "
                out.appendInt(tenant.priority)
                out += "\n"
                if tenant.hasQuota {
                    var entries: [(model: Int, gpus: Int)] = []
                    for (model, need) in tenant.need.enumerated() where need > 0 {
                        entries.append((model, max(8, (need * 3 / 2 + 7) / 8 * 8)))
                    }
                    if entries.isEmpty, let model = modelExists.firstIndex(of: true) {
                        entries.append((model, 8))
                    }
                    if !entries.isEmpty {
                        out += "  quota: {gpus: {"
                        for (k, entry) in entries.enumerated() {
                            if k > 0 { out += ", " }
                            out += Catalog.gpuModels[entry.model]
                            out += ": "
                            out.appendInt(entry.gpus)
                        }
                        out += "}}\n"
                    }
                }
                switch tenant.mode {
                case 1: out += "  compliance: {jurisdictions: [EU], sovereign: false}\n"
                case 2: out += "  compliance: {jurisdictions: [EU], sovereign: true}\n"
                default: break
                }
                var path = "manifests/tenants/"
                path += tenant.name
                path += "/tenant.yaml"
                files.append(SyntheticGrid.File(path: path, contents: out.text))
            }
        }

        // MARK: Services

        mutating func makeServices() {
            guard serviceCount > 0, tenantCount > 0, canServeModels(0) else { return }
            var assign = SplitMix64(seed: seed, stream: 3)
            var cumulative: [Int] = []
            var total = 0
            for tenant in tenants {
                total += tenant.weight
                cumulative.append(total)
            }

            // Owner and kind of every service first, so that small grids can be given every kind.
            var tenantOf = [Int](repeating: 0, count: serviceCount)
            var kindOf = [ServiceKind](repeating: .modelService, count: serviceCount)
            for k in 0..<serviceCount {
                let t = k < tenantCount ? k : pickCumulative(cumulative, assign.below(total))
                let roll = assign.unit()
                let mode = tenants[t].mode
                var kind = ServiceKind.modelService
                if roll >= 0.97 {
                    kind = factories[mode].isEmpty ? .modelService : .slurmCluster
                } else if roll >= 0.90 {
                    kind = factories[mode].isEmpty && regionals[mode].isEmpty ? .modelService : .kubernetesCluster
                }
                tenantOf[k] = t
                kindOf[k] = kind
            }
            if serviceCount >= 10, !factories[0].isEmpty {
                // tenants[0] is unconstrained; service 0 is its, and the last one becomes its too.
                if !kindOf.contains(.kubernetesCluster) { kindOf[0] = .kubernetesCluster }
                if !kindOf.contains(.slurmCluster) {
                    tenantOf[serviceCount - 1] = 0
                    kindOf[serviceCount - 1] = .slurmCluster
                }
            }

            var rng = SplitMix64(seed: seed, stream: 4)
            for k in 0..<serviceCount {
                let t = tenantOf[k]
                switch kindOf[k] {
                case .modelService: makeModelService(t, &rng)
                case .kubernetesCluster: makeKubernetesCluster(t, &rng)
                case .slurmCluster: makeSlurmCluster(t, &rng)
                }
            }
        }

        mutating func nextServiceName(_ t: Int, _ purpose: String, _ infix: String) -> String {
            var name = Output(purpose)
            name += infix
            name.appendPadded(tenants[t].counter, width: 4)
            tenants[t].counter += 1
            return name.text
        }

        func servicePath(_ t: Int, _ name: String) -> String {
            var path = "manifests/tenants/"
            path += tenants[t].name
            path += "/"
            path += name
            path += ".yaml"
            return path
        }

        func metadataLine(_ kind: String, _ name: String, _ t: Int, capacity: Int = 400) -> Output {
            var out = Output(apiVersionLine, capacity: capacity)
            out += "kind: "
            out += kind
            out += "\nmetadata: {name: "
            out += name
            out += ", tenant: "
            out += tenants[t].name
            out += "}\nspec:\n"
            return out
        }

        /// GPU models allowed for a service: fit the language model in at most two GPUs, and are
        /// hosted by a usable site for every user region (within the class's SLO range if asked).
        func candidateModels(_ users: [Int], _ workloadClass: Int, _ mode: Int, memoryGiB: Int,
                             withinMs: Double?) -> [Int]
        {
            var result: [Int] = []
            for model in 0..<Catalog.gpuModels.count where 2 * Catalog.gpuMemoryGiB[model] >= memoryGiB {
                var ok = true
                for r in users {
                    let rtts = nearest[nearestKey(r, workloadClass, mode, model)]
                    if rtts.isEmpty || (withinMs.map { rtts[0] + latencyMargin > $0 } ?? false) {
                        ok = false
                        break
                    }
                }
                if ok { result.append(model) }
            }
            return result
        }

        mutating func makeModelService(_ t: Int, _ rng: inout SplitMix64) {
            let mode = tenants[t].mode
            var workloadClass = rng.chance(0.8) ? 0 : 1
            if usable[workloadClass * 3 + mode].isEmpty { workloadClass = 1 - workloadClass }
            let anchor = rng.element(usable[workloadClass * 3 + mode])

            // Users: the anchor site's region, sometimes with a nearby region the tenant may use.
            var users = [sites[anchor].region]
            if rng.chance(0.35) {
                let near = neighbors[users[0]].filter { mode == 0 || regionIsEU[$0] }
                if !near.isEmpty { users.append(rng.element(near)) }
            }

            var languageModel = pickLanguageModel(&rng, maxMemoryGiB: nil)
            let classMaxMs = workloadClass == 0 ? 80.0 : 300.0
            var candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                             withinMs: classMaxMs)
            if candidates.isEmpty, users.count > 1 {
                users.removeLast()
                candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                             withinMs: classMaxMs)
            }
            if candidates.isEmpty {
                languageModel = pickLanguageModel(&rng, maxMemoryGiB: Catalog.gpuMemoryGiB[Catalog.l4])
                candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                             withinMs: classMaxMs)
            }
            if candidates.isEmpty {
                candidates = candidateModels(users, workloadClass, mode, memoryGiB: languageModel.memoryGiB,
                                             withinMs: nil)
            }
            if candidates.isEmpty, let pool = sites[anchor].pools.first {
                candidates = [pool.model]  // not reached: the anchor hosts a model for its own region
            }
            guard !candidates.isEmpty else { return }

            var models = [rng.element(candidates)]
            if candidates.count > 1, rng.chance(0.35) {
                let others = candidates.filter { $0 != models[0] }
                models.append(rng.element(others))
            }
            var perReplica = 1
            for model in models {
                let memory = Catalog.gpuMemoryGiB[model]
                perReplica = max(perReplica, (languageModel.memoryGiB + memory - 1) / memory)
            }

            // SLO: a class-typical target, widened to reach the 3rd-nearest site if that stays in
            // the class's range, else at least the nearest one.
            var nearestNeed = 0.0
            var thirdNeed = 0.0
            for r in users {
                var bestNearest = Double.infinity
                var bestThird = Double.infinity
                for model in models {
                    let rtts = nearest[nearestKey(r, workloadClass, mode, model)]
                    guard let first = rtts.first else { continue }
                    bestNearest = min(bestNearest, first)
                    bestThird = min(bestThird, rtts[min(2, rtts.count - 1)])
                }
                nearestNeed = max(nearestNeed, bestNearest)
                thirdNeed = max(thirdNeed, bestThird)
            }
            let baseMs = workloadClass == 0 ? 5 * rng.range(6, 16) : 10 * rng.range(15, 30)
            func ceil5(_ ms: Double) -> Int { (Int(ms.rounded(.up)) + 4) / 5 * 5 }
            let sloMs: Int
            if thirdNeed + latencyMargin <= Double(baseMs) {
                sloMs = baseMs
            } else if thirdNeed + latencyMargin <= classMaxMs {
                sloMs = ceil5(thirdNeed + latencyMargin)
            } else {
                sloMs = max(baseMs, ceil5(nearestNeed + latencyMargin))
            }

            // Replicas, user weights, and a spread the sites within the SLO can satisfy.
            var replicaDraw = rng.below(100)
            var replicas = 1
            for weight in Catalog.replicaWeights {
                if replicaDraw < weight { break }
                replicaDraw -= weight
                replicas += 1
            }
            var weights = [100]
            if users.count == 2 {
                let first = 5 * rng.range(10, 16)
                weights = [first, 100 - first]
            }
            var requiredPerSite = 1
            var mostSites = 0
            for (u, r) in users.enumerated() {
                var sitesWithin = 0
                for model in models {
                    sitesWithin = max(sitesWithin, countAtMost(nearest[nearestKey(r, workloadClass, mode, model)],
                                                               Double(sloMs) - latencyMargin))
                }
                sitesWithin = max(1, sitesWithin)
                mostSites = max(mostSites, sitesWithin)
                let regionReplicas = (replicas * weights[u] + 99) / 100
                requiredPerSite = max(requiredPerSite, (regionReplicas + sitesWithin - 1) / sitesWithin)
            }
            let maxReplicasPerSite = max(rng.range(2, 8), requiredPerSite)
            let minSites = replicas >= 2 && mostSites >= 2 && rng.chance(0.5) ? 2 : 1

            let name = nextServiceName(t, rng.element(languageModel.purposes), "-")
            for model in models { tenants[t].need[model] += replicas * perReplica }

            var out = metadataLine("ModelService", name, t, capacity: 720)
            out += "  model: {name: "
            out += languageModel.name
            out += ", version: \""
            out.appendInt(rng.range(1, 3))
            out += "."
            out.appendInt(rng.range(0, 9))
            out += "."
            out.appendInt(rng.range(0, 12))
            out += workloadClass == 0 ? "\"}\n  workloadClass: interactive\n" : "\"}\n  workloadClass: batch\n"
            out += "  replicas: "
            out.appendInt(replicas)
            out += "\n  gpu: {models: ["
            for (k, model) in models.enumerated() {
                if k > 0 { out += ", " }
                out += Catalog.gpuModels[model]
            }
            out += "], perReplica: "
            out.appendInt(perReplica)
            out += "}\n  users:\n"
            for (u, r) in users.enumerated() {
                out += "    - {region: "
                out += Catalog.regions[r].name
                out += ", weight: "
                out.appendShortDecimal(weights[u])
                out += "}\n"
            }
            out += "  slo: {latencyMs: "
            out.appendInt(sloMs)
            out += "}\n  spread: {minSites: "
            out.appendInt(minSites)
            out += ", maxReplicasPerSite: "
            out.appendInt(maxReplicasPerSite)
            out += "}\n  rollout: {waves: [\"1\", \"25%\", \"100%\"], healthTimeout: 5m, autoRollback: true}\n"

            // About 10 %: a QoS path from a user region to the service, in the same file.
            if rng.chance(0.1) {
                var qosName = name
                qosName += "-ingress"
                out += "---\n"
                out += metadataLine("NetworkQoS", qosName, t).text
                out += "  from: {region: "
                out += Catalog.regions[rng.element(users)].name
                out += "}\n  to: {service: "
                out += name
                out += "}\n  class: "
                out += workloadClass == 1 ? "bulk" : (rng.chance(0.4) ? "realtime" : "interactive")
                let guaranteed = rng.element(Catalog.mbps)
                out += "\n  guaranteedMbps: "
                out.appendInt(guaranteed)
                out += "\n  maxMbps: "
                out.appendInt(guaranteed * rng.range(2, 4))
                out += "\n  maxLatencyMs: "
                out.appendInt(sloMs)
                out += "\n"
            }
            files.append(SyntheticGrid.File(path: servicePath(t, name), contents: out.text))
        }

        func pickLanguageModel(_ rng: inout SplitMix64, maxMemoryGiB: Int?) -> LanguageModelSpec {
            var total = 0
            for model in Catalog.languageModels where model.memoryGiB <= (maxMemoryGiB ?? Int.max) {
                total += model.weight
            }
            var draw = rng.below(total)
            for model in Catalog.languageModels where model.memoryGiB <= (maxMemoryGiB ?? Int.max) {
                if draw < model.weight { return model }
                draw -= model.weight
            }
            return Catalog.languageModels[0]
        }

        mutating func makeKubernetesCluster(_ t: Int, _ rng: inout SplitMix64) {
            let mode = tenants[t].mode
            let useFactory = !factories[mode].isEmpty && (regionals[mode].isEmpty || rng.chance(0.85))
            let s = rng.element(useFactory ? factories[mode] : regionals[mode])
            let site = sites[s]
            let pool = rng.element(site.pools)
            var nodes = rng.element([1, 1, 1, 2, 2, 2, 3, 4])
            if site.tier == .regional { nodes = max(1, min(nodes, 2, pool.count / 16)) }
            tenants[t].need[pool.model] += nodes * 8

            let name = nextServiceName(t, rng.element(Catalog.kubernetesPurposes), "-k8s-")
            var out = metadataLine("KubernetesCluster", name, t)
            out += "  version: \"1.31\"\n"
            if rng.chance(0.85) {
                out += "  site: "
                out += site.name
            } else {
                out += "  placement: {region: "
                out += Catalog.regions[site.region].name
                out += ", tier: "
                out += site.tier.name
                out += "}"
            }
            out += "\n  controlPlane: {replicas: 3}\n  nodePools:\n    - {name: gpu, nodes: "
            out.appendInt(nodes)
            out += ", gpu: {model: "
            out += Catalog.gpuModels[pool.model]
            out += ", perNode: 8}}\n"
            files.append(SyntheticGrid.File(path: servicePath(t, name), contents: out.text))
        }

        mutating func makeSlurmCluster(_ t: Int, _ rng: inout SplitMix64) {
            let mode = tenants[t].mode
            let site = sites[rng.element(factories[mode])]
            let model = rng.element(site.pools).model
            let trainCount = 8 * rng.range(1, 8)
            tenants[t].need[model] += trainCount + 4

            let name = nextServiceName(t, rng.element(Catalog.slurmPurposes), "-slurm-")
            var out = metadataLine("SlurmCluster", name, t)
            out += "  site: "
            out += site.name
            out += "\n  partitions:\n    - {name: train, gpu: {model: "
            out += Catalog.gpuModels[model]
            out += ", count: "
            out.appendInt(trainCount)
            out += "}, maxTime: 72h, priority: 10}\n    - {name: debug, gpu: {model: "
            out += Catalog.gpuModels[model]
            out += ", count: 4}, maxTime: 1h}\n  accounts: [research, prod]\n"
            files.append(SyntheticGrid.File(path: servicePath(t, name), contents: out.text))
        }
    }
}
