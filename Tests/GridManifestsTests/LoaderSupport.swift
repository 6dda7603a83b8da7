import GridManifests
import GridModel
import GridTestSupport

/// Loads files (the minimal valid grid plus changes) from memory and returns the result.
func load(_ changes: [String: String?] = [:], base: [String: String] = Fixtures.minimalGrid) throws -> LoadResult {
    var files = base
    for (path, text) in changes { files[path] = text }
    return try ManifestLoader.load(InMemorySource(files))
}

func loadBytes(_ path: String, _ bytes: [UInt8]) throws -> LoadResult {
    var files = Fixtures.minimalGrid.mapValues { Array($0.utf8) }
    files[path] = bytes
    return try ManifestLoader.load(InMemorySource(bytes: files))
}

/// Every diagnostic, formatted, for exact comparisons.
func lines(_ result: LoadResult) -> [String] {
    result.diagnostics.map(\.description)
}

/// A document of `kind` with the given spec body (indented two spaces), for one-change tests.
func doc(_ kind: String, _ name: String, tenant: String? = nil, spec: String) -> String {
    let tenantLine = tenant.map { ", tenant: \($0)" } ?? ""
    return "apiVersion: gridops/v1alpha1\nkind: \(kind)\nmetadata: {name: \(name)\(tenantLine)}\nspec:\n" + spec
}
