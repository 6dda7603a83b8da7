extension OpenAPIDocument {
    /// The list routes (`limit`, `continue` and filters, as `ListQuery` reads them), the summary and the map.
    static let listPaths: String = #"""
        "/api/v1/summary": {
          "get": {
            "operationId": "getSummary",
            "summary": "Counts and capacity by condition, tier, GPU model, region and tenant: what the dashboard polls.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APISummary"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/map": {
          "get": {
            "operationId": "getMap",
            "summary": "The sites grouped by cells of the map, at a zoom level and in a box.",
            "parameters": [
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
              },
              {
                "name": "bbox",
                "in": "query",
                "required": false,
                "description": "west,south,east,north in degrees: only the sites in this box (west > east crosses the antimeridian).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIMap"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/sites": {
          "get": {
            "operationId": "listSites",
            "summary": "A page of sites by name, without their resources.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/Continue"
              },
              {
                "$ref": "#/components/parameters/ConditionFilter"
              },
              {
                "$ref": "#/components/parameters/TierFilter"
              },
              {
                "$ref": "#/components/parameters/RegionFilter"
              },
              {
                "$ref": "#/components/parameters/TenantFilter"
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APISiteList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/services": {
          "get": {
            "operationId": "listServices",
            "summary": "A page of the services the caller may see, by tenant and name.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/Continue"
              },
              {
                "$ref": "#/components/parameters/TenantFilter"
              },
              {
                "$ref": "#/components/parameters/SiteFilter"
              },
              {
                "$ref": "#/components/parameters/ConditionFilter"
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIServiceList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/placements": {
          "get": {
            "operationId": "getPlacements",
            "summary": "A page of the placement in force.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/Continue"
              },
              {
                "$ref": "#/components/parameters/TenantFilter"
              },
              {
                "$ref": "#/components/parameters/SiteFilter"
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIPlacements"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/drift": {
          "get": {
            "operationId": "getDrift",
            "summary": "A page of the drift the last pass found, by site and resource.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/Continue"
              },
              {
                "$ref": "#/components/parameters/TenantFilter"
              },
              {
                "$ref": "#/components/parameters/SiteFilter"
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIDrift"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/rollouts": {
          "get": {
            "operationId": "listRollouts",
            "summary": "A page of the latest rollout of each service, newest first.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/Continue"
              },
              {
                "$ref": "#/components/parameters/TenantFilter"
              },
              {
                "$ref": "#/components/parameters/PhaseFilter"
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIRolloutList"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
    """#
}
