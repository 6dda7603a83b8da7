import Foundation
public import GridModel

/// Makes the driver of every site, by its transport and backends, from the controller's
/// drivers file and the backends this gridops has. Built by the command and injected into
/// the Reconciler, which asks it for the drivers of each new inventory: a driver is made
/// once and kept while its site's driver spec and settings stay the same; one whose site
/// goes away or changes is stopped. The simulated world learns its sites here, as part of
/// the `simulated` transport's life, not the Reconciler's.
public actor DriverRegistry {
    public let world: SimulatedWorld?
    public let config: DriverConfig
    public let catalog: BackendCatalog
    /// Where a site's backends keep their files when the drivers file names no `state`:
    /// `<stateDirectory>/drivers/<site>`.
    public let stateDirectory: String?

    private struct Made {
        var spec: DriverSpec
        var settings: SiteDriverConfig?
        var driver: any SiteDriver
    }

    private var made: [String: Made] = [:]

    public init(world: SimulatedWorld?, config: DriverConfig = DriverConfig(), catalog: BackendCatalog = .standard,
                stateDirectory: String? = nil) {
        self.world = world
        self.config = config
        self.catalog = catalog
        self.stateDirectory = stateDirectory
    }

    /// The driver of each site, by name.
    public func drivers(for sites: [Site]) async throws -> [String: any SiteDriver] {
        if let world, sites.contains(where: { $0.driver.transport == .simulated }) {
            try world.ensure(sites: sites)
        }
        var out: [String: any SiteDriver] = [:]
        out.reserveCapacity(sites.count)
        var next: [String: Made] = [:]
        next.reserveCapacity(sites.count)
        var kept = Set<String>()
        for site in sites {
            let name = site.metadata.name
            guard next[name] == nil else { continue }
            let settings = config.sites[name]
            let entry: Made
            if let known = made[name], known.spec == site.driver, known.settings == settings {
                entry = known
                kept.insert(name)
            } else {
                entry = Made(spec: site.driver, settings: settings, driver: make(site, settings: settings))
            }
            next[name] = entry
            out[name] = entry.driver
        }
        let gone = made.filter { !kept.contains($0.key) }
        made = next
        for (_, old) in gone { await old.driver.stop() }
        return out
    }

    /// Stops every driver (the controller is stopping).
    public func stop() async {
        let all = made.values
        made = [:]
        for m in all { await m.driver.stop() }
    }

    private func make(_ site: Site, settings: SiteDriverConfig?) -> any SiteDriver {
        let name = site.metadata.name
        switch site.driver.transport {
        case .simulated:
            guard let world else { return UnavailableDriver(reason: "no simulated world is open") }
            do {
                return try LocalTransport(site: name, backends: [(SimulatedBackend(world: world, site: name), nil)])
            } catch {
                return UnavailableDriver(reason: error.message)
            }
        case .agent:
            return UnavailableDriver(reason: "transport 'agent' needs `gridops agent` at the site, which this gridops does not have yet")
        case .local:
            return makeLocal(site, settings: settings)
        }
    }

    private func makeLocal(_ site: Site, settings: SiteDriverConfig?) -> any SiteDriver {
        let name = site.metadata.name
        if let problem = Self.problem(of: site, config: config, catalog: catalog) { return UnavailableDriver(reason: problem) }
        guard let settings else { return UnavailableDriver(reason: "\(name) has no drivers entry") }
        let folder = settings.state ?? stateDirectory.map { "\($0)/drivers/\(name)" } ?? "drivers/\(name)"
        var backends: [(backend: any SiteBackend, ledger: SpecLedger?)] = []
        for backend in site.driver.backends {
            guard let entry = catalog.entries[backend] else { continue }  // checked above
            do {
                let directory = "\(folder)/\(backend)"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let given = settings.backends[backend] ?? BackendSettings(at: settings.at)
                let made = try entry.make(BackendContext(site: site, settings: given, stateDirectory: directory))
                backends.append((made, try SpecLedger(path: "\(folder)/\(backend).applied.json")))
            } catch let error as DriverError {
                return UnavailableDriver(reason: "backend '\(backend)' at \(name): \(error.message)")
            } catch {
                return UnavailableDriver(reason: "backend '\(backend)' at \(name): \(error)")
            }
        }
        do {
            return try LocalTransport(site: name, backends: backends)
        } catch {
            return UnavailableDriver(reason: error.message)
        }
    }

    /// Why a site of transport `local` cannot have its driver with this drivers file and
    /// these backends; nil when it can. The registry refuses the site's calls with it, and
    /// `gridops validate --drivers` reports it at the Site.
    public static func problem(of site: Site, config: DriverConfig, catalog: BackendCatalog) -> String? {
        guard site.driver.transport == .local else { return nil }
        let name = site.metadata.name
        let file = config.path.isEmpty ? "no drivers file was given (--drivers FILE)" : "the drivers file \(config.path)"
        guard let settings = config.sites[name] else {
            return "\(name) uses transport local, and \(file) has no entry for it"
        }
        guard settings.transport == .local else {
            return "\(name) uses transport local, and \(config.path):\(settings.at.line) says \(settings.transport.rawValue)"
        }
        for backend in site.driver.backends {
            guard let entry = catalog.entries[backend] else {
                let known = catalog.names
                return "\(name) lists backend '\(backend)', which this gridops does not have"
                    + (known.isEmpty ? "" : " (it has: \(known.joined(separator: ", ")))")
            }
            if settings.backends[backend] == nil, let required = entry.schema.fields.first(where: \.required) {
                return "\(name) lists backend '\(backend)', and \(file) gives it no settings (it needs '\(required.name)')"
            }
        }
        return nil
    }
}
