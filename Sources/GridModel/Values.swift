import Foundation

/// A point on the globe, in degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Great-circle distance on a sphere of radius 6371 km.
    public func distanceKm(to other: GeoPoint) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.lat - lat) * rad
        let dLon = (other.lon - lon) * rad
        let a = pow(sin(dLat / 2), 2) + cos(lat * rad) * cos(other.lat * rad) * pow(sin(dLon / 2), 2)
        return 2 * 6371 * asin(min(1, a.squareRoot()))
    }
}

/// A length of time written with a unit: `90s`, `5m`, `2h`, `1d`, `500ms`.
public struct Duration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64
    /// As written, so output repeats the user's spelling.
    public var text: String

    public init(milliseconds: Int64, text: String) {
        self.milliseconds = milliseconds
        self.text = text
    }

    /// Parses `<digits><unit>` with unit ms, s, m, h or d; nil when malformed or overflowing.
    public init?(parsing text: String) {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let n = Int64(digits) else { continue }
            let (value, overflow) = n.multipliedReportingOverflow(by: scale)
            guard !overflow else { return nil }
            self.init(milliseconds: value, text: text)
            return
        }
        return nil
    }

    public static func < (a: Duration, b: Duration) -> Bool { a.milliseconds < b.milliseconds }
    public var description: String { text }
}

/// Encoded as written (`"5m"`), so stored rollouts and JSON output read as the manifests do.
extension Duration: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Duration(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a duration: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

public enum Tier: String, Sendable, Hashable, CaseIterable, Codable {
    case factory, regional, edge
}

/// Service kinds a site can host.
public enum ServiceKind: String, Sendable, Hashable, CaseIterable, Codable {
    case kubernetes, slurm, maas
}

/// DNS label syntax for names: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
public func isDNSLabel(_ s: String) -> Bool {
    let u = s.utf8
    guard (1...63).contains(u.count), let first = u.first, let last = u.last else { return false }
    func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
    return alnum(first) && alnum(last) && u.allSatisfy { alnum($0) || $0 == 45 }
}

/// A number as a person writes it: `30`, `2.5`, `0.85`.
public func plain(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
