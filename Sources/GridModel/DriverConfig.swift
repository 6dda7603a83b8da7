// The controller's drivers file: how it reaches each site that is not simulated. Local to
// the controller (hosts, interfaces, credentials, commands), never in git.

/// The drivers file, checked: every site's transport, its driver state folder, and the
/// settings of each of its backends.
public struct DriverConfig: Sendable, Hashable {
    /// The file it was read from ("" for none).
    public var path: String
    public var sites: [String: SiteDriverConfig]

    public init(path: String = "", sites: [String: SiteDriverConfig] = [:]) {
        self.path = path
        self.sites = sites
    }
}

/// One site's entry in the drivers file.
public struct SiteDriverConfig: Sendable, Hashable {
    public var site: String
    public var transport: Transport
    /// Where the site's backends keep their small files (last applied specs); nil: the
    /// controller's state folder, `drivers/<site>`.
    public var state: String?
    public var backends: [String: BackendSettings]
    /// Where the entry starts in the drivers file, for messages.
    public var at: SourceLocation

    public init(site: String, transport: Transport, state: String? = nil, backends: [String: BackendSettings] = [:],
                at: SourceLocation = SourceLocation(path: "")) {
        self.site = site
        self.transport = transport
        self.state = state
        self.backends = backends
        self.at = at
    }
}

/// A backend's settings as the drivers file gave them, checked against its schema.
public struct BackendSettings: Sendable, Hashable {
    public var values: [String: SettingValue]
    public var at: SourceLocation

    public init(_ values: [String: SettingValue] = [:], at: SourceLocation = SourceLocation(path: "")) {
        self.values = values
        self.at = at
    }

    public subscript(key: String) -> SettingValue? { values[key] }

    public func string(_ key: String) -> String? {
        if case .string(let s)? = values[key] { return s }
        return nil
    }

    public func int(_ key: String) -> Int? {
        if case .int(let n)? = values[key] { return n }
        return nil
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = values[key] { return b }
        return nil
    }

    public func strings(_ key: String) -> [String]? {
        if case .strings(let list)? = values[key] { return list }
        return nil
    }
}

public indirect enum SettingValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])
    case map([String: SettingValue])
}

/// What a backend's settings may hold: each field with its type, whether it is required, and
/// a line of documentation (`gridops drivers --schema` prints them).
public struct BackendSchema: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: SettingType
        public var required: Bool
        public var doc: String

        public init(_ name: String, _ type: SettingType, required: Bool = false, doc: String) {
            self.name = name
            self.type = type
            self.required = required
            self.doc = doc
        }
    }

    public var fields: [Field]

    public init(_ fields: [Field]) {
        self.fields = fields
    }
}

public indirect enum SettingType: Sendable, Hashable, CustomStringConvertible {
    case string
    case int(ClosedRange<Int>)
    case bool
    case strings
    /// A mapping from any key to values of one type.
    case map(of: SettingType)

    public var description: String {
        switch self {
        case .string: "a string"
        case .int(let r): "an integer from \(r.lowerBound) to \(r.upperBound)"
        case .bool: "true or false"
        case .strings: "a list of strings"
        case .map(let of): "a mapping of names to \(of)"
        }
    }
}
