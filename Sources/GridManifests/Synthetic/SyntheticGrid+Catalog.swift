// The fixed world the synthetic grid is drawn from: portable great-circle geometry and the
// latency model, and the catalog of regions, metros, GPU models, language models and names.

extension SyntheticGrid {
    // MARK: - Geometry

    /// Great-circle distances and the latency model, with portable polynomial trigonometry.
    enum Geo {
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

    struct MetroSpec: Sendable {
        let code: String
        let lat: Double
        let lon: Double
        /// Maximum jitter of a site around the metro, in degrees of latitude and longitude.
        let jitter: Double
    }

    struct RegionSpec: Sendable {
        let name: String
        let lat: Double
        let lon: Double
        let jurisdiction: String
        /// Relative share of the sites.
        let siteWeight: Int
        let metros: [MetroSpec]
    }

    struct LanguageModelSpec: Sendable {
        let name: String
        /// GPU memory one replica needs; decides which GPU models fit and perReplica (1 or 2).
        let memoryGiB: Int
        let weight: Int
        let purposes: [String]
    }

    enum Tier: Int {
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

    enum Catalog {
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
}
