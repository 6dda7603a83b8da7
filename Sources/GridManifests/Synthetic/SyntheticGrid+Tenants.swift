// Generator stage: the Tenant manifests; their quotas are written last, from what their services need.

extension SyntheticGrid.Generator {
    // MARK: Tenants

    mutating func makeTenants() {
        var rng = SplitMix64(seed: seed, stream: 2)
        let width = max(4, SyntheticGrid.digitCount(tenantCount))
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
            var out = Output(SyntheticGrid.apiVersionLine)
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
}
