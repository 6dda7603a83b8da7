import GridModel

/// What decoding one document gave: the manifest when it is free of errors, and otherwise
/// the identity it claimed (when readable), so references to it do not cascade into more errors.
enum DecodedDocument {
    case manifest(Manifest)
    case invalid(kind: Kind, tenant: String?, name: String)
    case unreadable
}

/// Decodes one YAML document into a manifest against the schema of its kind.
enum DocumentDecoder {
    static func decode(_ document: YAMLDocument, sink: DiagnosticSink) -> DecodedDocument {
        let errorsBefore = sink.diagnostics.errorCount
        guard var top = Fields(document.root, prefix: "", sink: sink) else { return .unreadable }
        if let apiVersion = top.string("apiVersion", required: true), apiVersion != gridAPIVersion {
            sink.report(.badAPIVersion, "apiVersion must be '\(gridAPIVersion)', found '\(apiVersion)'",
                        at: top.location(of: "apiVersion"))
        }
        var kind: Kind?
        if let text = top.string("kind", required: true) {
            kind = Kind(rawValue: text)
            if kind == nil {
                var message = "unknown kind '\(text)' (kinds: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))"
                if let suggestion = closest(to: text, in: Kind.allCases.map(\.rawValue)) {
                    message = "unknown kind '\(text)': did you mean '\(suggestion)'?"
                }
                sink.report(.unknownKind, message, at: top.location(of: "kind"))
            }
        }
        let metadata = top.mapping("metadata", required: true).flatMap { decodeMetadata($0, kind: kind, document: document) }
        let spec = top.mapping("spec", required: true)
        top.finish()
        guard let kind else { return .unreadable }

        let manifest: Manifest?
        if let metadata, var spec {
            manifest = decodeSpec(kind: kind, &spec, metadata: metadata)
            spec.finish()
        } else {
            manifest = nil
        }
        guard let metadata else { return .unreadable }
        if let manifest, sink.diagnostics.errorCount == errorsBefore { return .manifest(manifest) }
        return .invalid(kind: kind, tenant: metadata.tenant?.name, name: metadata.name)
    }

    private static func decodeMetadata(_ fields: Fields, kind: Kind?, document: YAMLDocument) -> Metadata? {
        var f = fields
        let name = f.name("name", required: true)
        var tenant: Ref?
        if kind?.isTenantOwned == true {
            tenant = f.name("tenant", required: true)
        }
        let labels = f.stringMap("labels") ?? [:]
        _ = f.stringMap("annotations")
        f.finish()
        guard let name else { return nil }
        let source = SourceLocation(path: f.sink.path, line: document.root.line, column: document.root.column)
        return Metadata(name: name.name, tenant: tenant, labels: labels, source: source, nameAt: name.at)
    }

    private static func decodeSpec(kind: Kind, _ spec: inout Fields, metadata: Metadata) -> Manifest? {
        switch kind {
        case .grid: decodeGrid(&spec, metadata).map(Manifest.grid)
        case .site: decodeSite(&spec, metadata).map(Manifest.site)
        case .tenant: decodeTenant(&spec, metadata).map(Manifest.tenant)
        case .modelService: decodeModelService(&spec, metadata).map(Manifest.modelService)
        case .kubernetesCluster: decodeKubernetesCluster(&spec, metadata).map(Manifest.kubernetesCluster)
        case .slurmCluster: decodeSlurmCluster(&spec, metadata).map(Manifest.slurmCluster)
        case .networkQoS: decodeNetworkQoS(&spec, metadata).map(Manifest.networkQoS)
        case .placementPolicy: decodePlacementPolicy(&spec, metadata).map(Manifest.placementPolicy)
        case .compliancePolicy: decodeCompliancePolicy(&spec, metadata).map(Manifest.compliancePolicy)
        }
    }
}

// MARK: Syntax shared by several kinds

extension Fields {
    /// A jurisdiction code: 2 to 16 of `A-Z`, `0-9`, `-`, starting with a letter (`EU`, `US`, `US-CA`).
    mutating func jurisdiction(_ key: String, required: Bool = false) -> String? {
        guard let ref = ref(key, required: required) else { return nil }
        guard isJurisdiction(ref.name) else {
            sink.report(.invalidValue, "'\(fieldPath(key))' must be a jurisdiction code like EU or US, found '\(ref.name)'", at: ref.at)
            return nil
        }
        return ref.name
    }

    mutating func jurisdictions(_ key: String) -> [String]? {
        guard let refs = stringList(key) else { return nil }
        var result: [String] = []
        for ref in refs {
            if isJurisdiction(ref.name) { result.append(ref.name) } else {
                sink.report(.invalidValue, "'\(fieldPath(key))' lists '\(ref.name)', which is not a jurisdiction code like EU or US", at: ref.at)
            }
        }
        return result
    }

    /// A GPU model name: letters, digits, `.`, `_`, `-` (`H100`, `RTX-PRO-6000`).
    mutating func gpuModel(_ key: String, required: Bool = false) -> Ref? {
        guard let ref = ref(key, required: required) else { return nil }
        guard isGPUModelName(ref.name) else {
            sink.report(.invalidValue, "'\(fieldPath(key))' is not a GPU model name: '\(ref.name)'", at: ref.at)
            return nil
        }
        return ref
    }

    mutating func location(_ key: String, required: Bool = false) -> GeoPoint? {
        guard var f = mapping(key, required: required) else { return nil }
        let lat = f.double("lat", required: true, min: -90, max: 90)
        let lon = f.double("lon", required: true, min: -180, max: 180)
        f.finish()
        guard let lat, let lon else { return nil }
        return GeoPoint(lat: lat, lon: lon)
    }

    /// Reports a name that appears twice in a list of objects.
    func reportDuplicates(_ names: [Ref], what: String) {
        var seen: [String: SourceLocation] = [:]
        for name in names {
            if let first = seen[name.name] {
                sink.report(.duplicateName, "\(what) '\(name.name)' is listed twice (first at line \(first.line))", at: name.at)
            } else {
                seen[name.name] = name.at
            }
        }
    }
}

func isJurisdiction(_ s: String) -> Bool {
    let u = s.utf8
    guard (2...16).contains(u.count), let first = u.first, first >= 65, first <= 90 else { return false }
    return u.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
}

func isGPUModelName(_ s: String) -> Bool {
    let u = s.utf8
    guard (1...63).contains(u.count), let first = u.first,
          (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || (first >= 48 && first <= 57) else { return false }
    return u.allSatisfy {
        ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95
    }
}
