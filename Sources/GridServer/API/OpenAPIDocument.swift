/// `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 document. The tests check every response against it.
///
/// One schema per type of `APIModels.swift`, field for field: optionals are absent keys (never null), so they are
/// not `required`; every object forbids other properties, so a field renamed on one side fails the tests.
enum OpenAPIDocument {
    static let json = [head, #"  "paths": {"#, listPaths, paths, inventorySchemas, summarySchemas, activitySchemas].joined(separator: "\n")

    /// The document's opening: info, servers, default security.
    static let head: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "gridops",
        "version": "1",
        "description": "The gridops control plane. A bearer token is needed under /api/v1, except for this document."
      },
      "servers": [{"url": "/"}],
      "security": [{"bearerAuth": []}],
    """#
}
