extension OpenAPIDocument {
    /// The list routes (`limit`, `continue` and filters, as `ListQuery` reads them), the summary and the map.
    static let listPaths: String = [
        route("/api/v1/summary", "getSummary",
              "Counts and capacity by condition, tier, GPU model, region and tenant: what the dashboard polls.",
              schema: "APISummary", forbidden: false),
        route("/api/v1/map", "getMap", "The sites grouped by cells of the map, at a zoom level and in a box.",
              parameters: [mapZoom, mapBox], schema: "APIMap"),
        list("/api/v1/sites", "listSites", "A page of sites by name, without their resources.",
             filters: ["ConditionFilter", "TierFilter", "RegionFilter", "TenantFilter"], schema: "APISiteList"),
        list("/api/v1/services", "listServices", "A page of the services the caller may see, by tenant and name.",
             filters: ["TenantFilter", "SiteFilter", "ConditionFilter"], schema: "APIServiceList"),
        list("/api/v1/placements", "getPlacements", "A page of the placement in force.",
             filters: ["TenantFilter", "SiteFilter"], schema: "APIPlacements"),
        list("/api/v1/drift", "getDrift", "A page of the drift the last pass found, by site and resource.",
             filters: ["TenantFilter", "SiteFilter"], schema: "APIDrift"),
        list("/api/v1/rollouts", "listRollouts", "A page of the latest rollout of each service, newest first.",
             filters: ["TenantFilter", "PhaseFilter"], schema: "APIRolloutList"),
    ].joined(separator: "\n")

    /// A paged list: `limit`, `continue`, then its filters (`components.parameters`).
    private static func list(_ path: String, _ operationId: String, _ summary: String, filters: [String],
                             schema: String) -> String {
        let refs = (["Limit", "Continue"] + filters).map { #"""
                      {
                        "$ref": "#/components/parameters/\#($0)"
                      }
            """# }
        return route(path, operationId, summary, parameters: refs, schema: schema)
    }

    /// A GET route answering `schema`, or 400, 401, 403 (unless `forbidden` is false) and 413.
    private static func route(_ path: String, _ operationId: String, _ summary: String, parameters: [String] = [],
                              schema: String, forbidden: Bool = true) -> String {
        let parameterList = parameters.isEmpty ? ""
            : "\n" + #"        "parameters": ["# + "\n" + parameters.joined(separator: ",\n") + "\n" + #"        ],"#
        let forbiddenResponse = !forbidden ? ""
            : "\n" + #"          "403": {"# + "\n" + ##"            "$ref": "#/components/responses/Forbidden""## + "\n" + #"          },"#
        return #"""
            "\#(path)": {
              "get": {
                "operationId": "\#(operationId)",
                "summary": "\#(summary)",\#(parameterList)
                "responses": {
                  "200": {
                    "description": "OK.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/\#(schema)"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },\#(forbiddenResponse)
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge"
                  }
                }
              }
            },
        """#
    }

    /// The map's query parameters.
    private static let mapZoom = #"""
              {
                "name": "zoom",
                "in": "query",
                "required": false,
                "description": "Cells of 22.5 degrees at 0, halved by each level.",
                "schema": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 10,
                  "default": 0
                }
              }
    """#

    private static let mapBox = #"""
              {
                "name": "bbox",
                "in": "query",
                "required": false,
                "description": "west,south,east,north in degrees: only the sites in this box (west > east crosses the antimeridian).",
                "schema": {
                  "type": "string"
                }
              }
    """#
}
