public import GridModel

/// The backends this gridops has, by name: each with the schema of its settings in the
/// drivers file and how to make one for a site. A new backend is one entry here; neither
/// the Reconciler nor the commands change.
public struct BackendCatalog: Sendable {
    public struct Entry: Sendable {
        public var schema: BackendSchema
        public var make: @Sendable (BackendContext) throws -> any SiteBackend

        public init(schema: BackendSchema, make: @escaping @Sendable (BackendContext) throws -> any SiteBackend) {
            self.schema = schema
            self.make = make
        }
    }

    public var entries: [String: Entry]

    public init(_ entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// The backends built into this gridops. (SLURM, network and models backends arrive
    /// with their issues; the simulated world is the `simulated` transport's own.)
    public static let standard = BackendCatalog()

    public var schemas: [String: BackendSchema] { entries.mapValues(\.schema) }

    public var names: [String] { entries.keys.sorted() }
}

/// What a backend is made from.
public struct BackendContext: Sendable {
    public var site: Site
    public var settings: BackendSettings
    /// A folder of its own for small files (created before `make` is called).
    public var stateDirectory: String

    public init(site: Site, settings: BackendSettings, stateDirectory: String) {
        self.site = site
        self.settings = settings
        self.stateDirectory = stateDirectory
    }
}
