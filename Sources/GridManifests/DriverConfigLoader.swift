import Foundation
public import GridModel

/// Reads the controller's drivers file (YAML):
///
/// ```yaml
/// sites:
///   lab-1:
///     transport: local
///     state: /var/lib/gridops/drivers/lab-1   # optional
///     backends:
///       slurm: {cluster: lab, command: [ssh, slurm-head]}
/// ```
///
/// Every field is checked, each backend's against the schema its backend declares; every
/// problem is a diagnostic naming file, line and column, and any error means no config.
public enum DriverConfigLoader {
    public static func load(path: String, schemas: [String: BackendSchema]) -> (config: DriverConfig?, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [Diagnostic(.unreadable, "cannot read the drivers file", at: SourceLocation(path: path))])
        }
        return parse(Array(data), path: path, schemas: schemas)
    }

    public static func parse(_ bytes: [UInt8], path: String, schemas: [String: BackendSchema]) -> (config: DriverConfig?, diagnostics: [Diagnostic]) {
        let parsed = YAMLParser.parse(bytes, path: path)
        let sink = DiagnosticSink(path: path)
        var config = DriverConfig(path: path)
        if parsed.diagnostics.isEmpty {
            if parsed.documents.count != 1 {
                sink.report(.notAMapping, "a drivers file is one YAML document, found \(parsed.documents.count)",
                            at: SourceLocation(path: path, line: 1, column: 1))
            } else if var top = Fields(parsed.documents[0].root, prefix: "", sink: sink) {
                config.sites = sites(&top, schemas: schemas)
                top.finish()
            }
        }
        let diagnostics = parsed.diagnostics + sink.diagnostics
        return (diagnostics.contains { $0.severity == .error } ? nil : config, diagnostics)
    }

    private static func sites(_ top: inout Fields, schemas: [String: BackendSchema]) -> [String: SiteDriverConfig] {
        guard let node = top.value("sites", required: true) else { return [:] }
        guard case .mapping(let entries) = node.content else {
            top.sink.report(.wrongType, "'sites' must be a mapping of site names to their drivers, found \(node.typeDescription)", at: node)
            return [:]
        }
        var out: [String: SiteDriverConfig] = [:]
        for entry in entries {
            guard var f = Fields(entry.value, prefix: "sites.\(entry.key)", sink: top.sink) else { continue }
            let at = top.sink.location(entry.keyLine, entry.keyColumn)
            let transport = f.enumValue("transport", Transport.self, required: true)
            let state = f.string("state")
            var backends: [String: BackendSettings] = [:]
            if let b = f.value("backends", required: false) {
                backends = self.backends(b, prefix: "sites.\(entry.key).backends", sink: top.sink, schemas: schemas)
            }
            f.finish()
            if transport == .simulated {
                top.sink.report(.invalidValue, "site '\(entry.key)': simulated sites need no entry in the drivers file", at: at)
            }
            if let transport {
                out[entry.key] = SiteDriverConfig(site: entry.key, transport: transport, state: state, backends: backends, at: at)
            }
        }
        return out
    }

    private static func backends(_ node: YAMLNode, prefix: String, sink: DiagnosticSink,
                                 schemas: [String: BackendSchema]) -> [String: BackendSettings] {
        guard case .mapping(let entries) = node.content else {
            sink.report(.wrongType, "'\(prefix)' must be a mapping of backend names to their settings, found \(node.typeDescription)", at: node)
            return [:]
        }
        var out: [String: BackendSettings] = [:]
        for entry in entries {
            let at = sink.location(entry.keyLine, entry.keyColumn)
            guard let schema = schemas[entry.key] else {
                var message = "'\(prefix).\(entry.key)': no backend '\(entry.key)' is built into this gridops"
                if let near = closest(to: entry.key, in: schemas.keys.sorted()) {
                    message += ": did you mean '\(near)'?"
                } else {
                    message += " (known: \(schemas.keys.sorted().joined(separator: ", ")))"
                }
                sink.report(.invalidValue, message, at: at)
                continue
            }
            // `backends: {network: }` is a backend with no settings.
            if entry.value.isNull {
                out[entry.key] = BackendSettings(at: at)
                if let missing = schema.fields.first(where: \.required) {
                    sink.report(.missingField, "missing required field '\(prefix).\(entry.key).\(missing.name)'", at: at)
                }
                continue
            }
            guard var f = Fields(entry.value, prefix: "\(prefix).\(entry.key)", sink: sink) else { continue }
            var values: [String: SettingValue] = [:]
            for field in schema.fields {
                guard let value = f.value(field.name, required: field.required) else { continue }
                if let v = setting(value, field.type, field: f.fieldPath(field.name), sink: sink) { values[field.name] = v }
            }
            f.finish()
            out[entry.key] = BackendSettings(values, at: at)
        }
        return out
    }

    private static func setting(_ node: YAMLNode, _ type: SettingType, field: String, sink: DiagnosticSink) -> SettingValue? {
        switch type {
        case .string:
            return scalarString(node, field: field, sink: sink).map(SettingValue.string)
        case .int(let range):
            guard let n = scalarInt(node, field: field, sink: sink) else { return nil }
            guard range.contains(n) else {
                sink.report(.outOfRange, "'\(field)' must be between \(range.lowerBound) and \(range.upperBound), found \(n)", at: node)
                return nil
            }
            return .int(n)
        case .bool:
            guard case .scalar(let text, plain: true) = node.content, text == "true" || text == "false" else {
                sink.report(.wrongType, "'\(field)' must be true or false, found \(node.typeDescription)", at: node)
                return nil
            }
            return .bool(text == "true")
        case .strings:
            guard case .sequence(let items) = node.content else {
                sink.report(.wrongType, "'\(field)' must be a list of strings, found \(node.typeDescription)", at: node)
                return nil
            }
            let list = items.enumerated().compactMap { scalarString($1, field: "\(field)[\($0)]", sink: sink) }
            return list.count == items.count ? .strings(list) : nil
        case .map(let of):
            guard case .mapping(let entries) = node.content else {
                sink.report(.wrongType, "'\(field)' must be \(type), found \(node.typeDescription)", at: node)
                return nil
            }
            var out: [String: SettingValue] = [:]
            for e in entries {
                if let v = setting(e.value, of, field: "\(field).\(e.key)", sink: sink) { out[e.key] = v }
            }
            return out.count == entries.count ? .map(out) : nil
        }
    }
}
