extension OpenAPIDocument {
    /// `paths` but the lists (`OpenAPIDocument+ListPaths.swift`): every route with its parameters and responses.
    static let paths: String = #"""
        "/": {
          "get": {
            "operationId": "dashboard",
            "summary": "The dashboard.",
            "security": [],
            "responses": {
              "200": {"description": "An HTML page over this API.", "content": {"text/html": {"schema": {"type": "string"}}}},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/healthz": {
          "get": {
            "operationId": "healthz",
            "summary": "Liveness: the process answers.",
            "security": [],
            "responses": {
              "200": {"description": "Alive.", "content": {"text/plain": {"schema": {"type": "string"}, "example": "ok"}}},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/readyz": {
          "get": {
            "operationId": "readyz",
            "summary": "Readiness: the first reconcile pass has finished.",
            "security": [],
            "responses": {
              "200": {"description": "Ready.", "content": {"text/plain": {"schema": {"type": "string"}, "example": "ready"}}},
              "503": {
                "description": "The first pass has not finished yet.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
              },
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "metrics",
            "summary": "Prometheus metrics.",
            "security": [],
            "responses": {
              "200": {
                "description": "The Prometheus text exposition format.",
                "content": {"text/plain": {"schema": {"type": "string"}}}
              },
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/status": {
          "get": {
            "operationId": "getStatus",
            "summary": "The controller at a glance.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIStatus"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/sites/{name}": {
          "get": {
            "operationId": "getSite",
            "summary": "A site with the resources it runs.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APISiteDetail"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          },
          "parameters": [
            {"name": "name", "in": "path", "required": true, "description": "The site's name.", "schema": {"type": "string"}}
          ]
        },
        "/api/v1/tenants/{name}": {
          "get": {
            "operationId": "getTenant",
            "summary": "A tenant: quota, GPUs in use, services, clusters.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APITenant"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          },
          "parameters": [
            {"name": "name", "in": "path", "required": true, "description": "The tenant's name.", "schema": {"type": "string"}}
          ]
        },
        "/api/v1/previews": {
          "get": {
            "operationId": "listPreviews",
            "summary": "Pull request previews.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIPreviewList"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/events": {
          "get": {
            "operationId": "listEvents",
            "summary": "Events after `since`, oldest first.",
            "parameters": [
              {
                "name": "since",
                "in": "query",
                "required": false,
                "description": "Answer events with a larger id.",
                "schema": {"type": "integer", "minimum": 0, "default": 0}
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "At most this many events.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200}
              },
              {
                "name": "tail",
                "in": "query",
                "required": false,
                "description": "Instead of `since`: the newest this many events, oldest first (where a page that just opened starts).",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000}
              }
            ],
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIEvents"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/reconcile": {
          "post": {
            "operationId": "requestReconcile",
            "summary": "Ask for a reconcile pass now.",
            "responses": {
              "202": {
                "description": "A pass will run.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIReconcileRequested"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "security": [],
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 document.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["openapi", "info", "paths"],
                      "properties": {"openapi": {"const": "3.1.0"}, "info": {"type": "object"}, "paths": {"type": "object"}}
                    }
                  }
                }
              },
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/hooks/github": {
          "post": {
            "operationId": "githubWebhook",
            "summary": "GitHub webhooks (only when a secret is configured).",
            "security": [],
            "parameters": [
              {
                "name": "X-Hub-Signature-256",
                "in": "header",
                "required": true,
                "description": "HMAC-SHA256 of the body with the webhook secret.",
                "schema": {"type": "string"}
              },
              {"name": "X-GitHub-Event", "in": "header", "required": true, "schema": {"type": "string"}}
            ],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {
              "200": {
                "description": "A ping.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookAnswer"}}}
              },
              "202": {
                "description": "A push or pull request (acted on), or another event (ignored).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WebhookAnswer"}}}
              },
              "400": {
                "description": "No X-GitHub-Event, or a body that does not parse.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
              },
              "401": {
                "description": "A missing or wrong signature.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
              },
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        }
      },
    """#
}
