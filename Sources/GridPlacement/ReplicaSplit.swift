/// Splitting a service's replicas over its user regions by weight, exactly.
///
/// Weights are decimals in the manifests (`0.444`, `0.15`): the largest remainder method
/// compares remainders, and an exact tie between two of them (0.444 / 0.111 / 0.444 over 3)
/// must go to the region listed first, not to whichever double happened to round up. So
/// each weight is taken as the decimal it was written as (the shortest decimal that reads
/// back as the same double, which is what a YAML scalar like `0.444` gives), scaled to
/// integers over one common power of ten, and the split is done in integer arithmetic.
enum ReplicaSplit {
    /// Digits after the decimal point kept: weights are at most 10^6 and replicas at most
    /// 10^6 (validation), so a scaled weight stays below 10^24 and its product with a replica
    /// count below 10^30, well inside `Int128`. Every weight of 10^-1 or more has at most 17
    /// significant digits; only a weight below 10^-18 can be written with more digits than
    /// kept here, and it is rounded to them.
    static let maxFractionDigits = 18

    /// Splits `total` over `weights` by the largest remainder method; ties go to the first
    /// listed. All zeros (or no weights) give all zeros.
    static func largestRemainder(_ total: Int, weights: [Double]) -> [Int] {
        let decimals = weights.map(ScaledDecimal.init)
        let scale = decimals.map(\.fractionDigits).max() ?? 0
        let scaled = decimals.map { $0.scaled(to: scale) }
        let sum = scaled.reduce(Int128(0), +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let products = scaled.map { Int128(total) * $0 }
        var shares = products.map { Int($0 / sum) }
        let remainders = products.map { $0 % sum }
        let order = remainders.indices.sorted { a, b in
            remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b
        }
        var left = total - shares.reduce(0, +)
        for i in order where left > 0 {
            shares[i] += 1
            left -= 1
        }
        return shares
    }
}

/// A non-negative decimal `digits / 10^fractionDigits`, read from a double's shortest
/// round-trip spelling (`0.444`, `1e-05`, `250000.5`).
struct ScaledDecimal: Equatable {
    var digits: Int128
    var fractionDigits: Int

    init(_ value: Double) {
        guard value.isFinite, value > 0 else {
            self.init(digits: 0, fractionDigits: 0)
            return
        }
        // "1.25e-05" → mantissa "1.25", exponent -5.
        let text = "\(value)".lowercased()
        let parts = text.split(separator: "e", maxSplits: 1)
        var exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let point = mantissa.firstIndex(of: ".")
        var intDigits = Substring(mantissa[..<(point ?? mantissa.endIndex)])
        var fraction = point.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        while fraction.last == "0" { fraction.removeLast() }
        if intDigits.allSatisfy({ $0 == "0" }) { intDigits = "" }
        var all = String(intDigits) + fraction
        exponent -= fraction.count
        // Now value = all * 10^exponent.
        if exponent >= 0 {
            all += String(repeating: "0", count: min(exponent, 30))
            exponent = 0
        }
        var fractionDigits = -exponent
        if fractionDigits > ReplicaSplit.maxFractionDigits {
            // Round half up to the digits kept.
            let drop = fractionDigits - ReplicaSplit.maxFractionDigits
            let keep = max(0, all.count - drop)
            let roundUp = drop <= all.count && all.dropFirst(keep).first.map { $0 >= "5" } == true
            all = String(all.prefix(keep))
            var kept = Int128(all.isEmpty ? "0" : all) ?? 0
            if roundUp { kept += 1 }
            self.init(digits: kept, fractionDigits: ReplicaSplit.maxFractionDigits)
            return
        }
        fractionDigits = max(0, fractionDigits)
        self.init(digits: Int128(all.isEmpty ? "0" : all) ?? 0, fractionDigits: fractionDigits)
    }

    init(digits: Int128, fractionDigits: Int) {
        self.digits = digits
        self.fractionDigits = fractionDigits
    }

    /// The same value as an integer count of `10^-scale` (scale at least `fractionDigits`).
    func scaled(to scale: Int) -> Int128 {
        var d = digits
        for _ in 0..<max(0, scale - fractionDigits) { d *= 10 }
        return d
    }
}
