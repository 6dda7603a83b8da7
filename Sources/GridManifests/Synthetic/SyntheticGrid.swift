// A deterministic generator of valid, realistic grid repositories of any size, for tests,
// benchmarks and demos. Plain Swift standard library only: no Foundation, no libm (the few
// trigonometric functions needed are in SyntheticGrid+Catalog.swift), so the output is
// byte-identical on every platform.

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

// Everything below, and in the SyntheticGrid+*.swift files, is nested in SyntheticGrid, so that
// no helper name can collide with another declaration of the module:
// - SyntheticGrid+Catalog.swift: geometry and the region, metro, GPU and language-model catalog;
// - SyntheticGrid+Generator.swift: the generator's state and stage order, the Grid, the policies;
// - SyntheticGrid+Sites.swift, +PlacementIndex.swift, +Tenants.swift, +Services.swift: the stages.
extension SyntheticGrid {
    // MARK: - Random numbers

    /// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence everywhere.
    /// Public for tests that need a seeded sequence of their own.
    public struct SplitMix64 {
        private var state: UInt64

        /// Independent streams of one seed: one per generation stage, so that changing one stage
        /// does not reshuffle the others.
        public init(seed: UInt64, stream: UInt64) {
            state = seed &+ (stream &+ 1) &* 0xD1B5_4A32_D192_ED03
            _ = next()
        }

        public mutating func next() -> UInt64 {
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
    static func pickCumulative(_ cumulative: [Int], _ draw: Int) -> Int {
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > draw { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Number of elements `<= limit` in an ascending array.
    static func countAtMost(_ sorted: [Double], _ limit: Double) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: - Formatting

    /// A manifest (or a name) being written: appends only, numbers without Foundation formatting.
    struct Output {
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

    static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    static func roundToHundredths(_ value: Double) -> Int {
        Int((value * 100).rounded())
    }
}
