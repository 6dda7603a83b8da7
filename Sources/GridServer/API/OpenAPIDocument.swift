/// `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 document. The tests check every response against it.
///
/// One schema per type of `APIModels.swift`, field for field: optionals are absent keys (never null), so they are
/// not `required`; every object forbids other properties, so a field renamed on one side fails the tests.
enum OpenAPIDocument {
    static let json: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "gridops",
        "version": "1",
        "description": "The gridops control plane. A bearer token is needed under /api/v1, except for this document."
      },
      "servers": [{"url": "/"}],
      "security": [{"bearerAuth": []}],
      "paths": {
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
        "/api/v1/sites": {
          "get": {
            "operationId": "listSites",
            "summary": "Every site, without its resources.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APISiteList"}}}
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
        "/api/v1/services": {
          "get": {
            "operationId": "listServices",
            "summary": "The services the caller may see.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIServiceList"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/placements": {
          "get": {
            "operationId": "getPlacements",
            "summary": "The placement in force.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIPlacements"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/drift": {
          "get": {
            "operationId": "getDrift",
            "summary": "Drift the last pass found.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIDrift"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
        },
        "/api/v1/rollouts": {
          "get": {
            "operationId": "listRollouts",
            "summary": "The latest rollout of each service.",
            "responses": {
              "200": {
                "description": "OK.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIRolloutList"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"}
            }
          }
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
      "components": {
        "securitySchemes": {
          "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "An operator token, or a tenant token that sees its tenant only."
          }
        },
        "responses": {
          "BadRequest": {
            "description": "A query parameter is not valid.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
          },
          "Unauthorized": {
            "description": "No bearer token, or one that is not known.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
          },
          "Forbidden": {
            "description": "A tenant token asked for something outside its tenant.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
          },
          "NotFound": {
            "description": "No such site or tenant.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
          },
          "PayloadTooLarge": {
            "description": "The request body is over 1 MiB (any route).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
          }
        },
        "schemas": {
          "APIError": {
            "type": "object",
            "description": "Every 4xx and 5xx answer.",
            "properties": {"error": {"type": "string", "description": "What was wrong."}},
            "required": ["error"],
            "additionalProperties": false
          },
          "Condition": {
            "type": "string",
            "enum": ["Ready", "Progressing", "Degraded", "Offline", "Stalled", "Unknown"],
            "description": "Of a site or service; Unknown before the first pass saw it."
          },
          "APIStatusRevision": {
            "type": "object",
            "description": "A git revision.",
            "properties": {
              "sha": {"type": "string"},
              "message": {"type": "string", "description": "The first line of the commit message."},
              "author": {"type": "string"}
            },
            "required": ["sha", "message", "author"],
            "additionalProperties": false
          },
          "APIStatusRefused": {
            "type": "object",
            "description": "The newest revision seen when it is not in force (invalid), and why.",
            "properties": {"sha": {"type": "string"}, "reason": {"type": "string"}},
            "required": ["sha", "reason"],
            "additionalProperties": false
          },
          "APIStatusLastPass": {
            "type": "object",
            "description": "The last reconcile pass.",
            "properties": {
              "finishedAt": {"type": "string", "format": "date-time"},
              "durationMs": {"type": "integer", "minimum": 0},
              "converged": {"type": "boolean"},
              "actionsPlanned": {"type": "integer", "minimum": 0},
              "actionsDone": {"type": "integer", "minimum": 0},
              "actionsFailed": {"type": "integer", "minimum": 0},
              "notConverged": {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": 20,
                "description": "Why not converged, a line per reason (at most 20)."
              }
            },
            "required": [
              "finishedAt", "durationMs", "converged", "actionsPlanned", "actionsDone", "actionsFailed", "notConverged"
            ],
            "additionalProperties": false
          },
          "APIStatusCounts": {
            "type": "object",
            "description": "Totals over what the caller may see.",
            "properties": {
              "sites": {"type": "integer", "minimum": 0},
              "sitesByCondition": {
                "type": "object",
                "description": "Sites by condition.",
                "additionalProperties": {"type": "integer", "minimum": 0},
                "propertyNames": {"$ref": "#/components/schemas/Condition"}
              },
              "services": {"type": "integer", "minimum": 0},
              "servicesByCondition": {
                "type": "object",
                "description": "Services by condition.",
                "additionalProperties": {"type": "integer", "minimum": 0},
                "propertyNames": {"$ref": "#/components/schemas/Condition"}
              },
              "gpus": {"type": "integer", "minimum": 0},
              "gpusInUse": {"type": "integer", "minimum": 0},
              "driftedResources": {"type": "integer", "minimum": 0},
              "unplacedReplicas": {"type": "integer", "minimum": 0},
              "activeRollouts": {"type": "integer", "minimum": 0}
            },
            "required": [
              "sites", "sitesByCondition", "services", "servicesByCondition", "gpus", "gpusInUse", "driftedResources",
              "unplacedReplicas", "activeRollouts"
            ],
            "additionalProperties": false
          },
          "APIStatus": {
            "type": "object",
            "description": "`GET /api/v1/status`: the controller at a glance.",
            "properties": {
              "revision": {
                "$ref": "#/components/schemas/APIStatusRevision",
                "description": "The revision in force; absent before the first valid one."
              },
              "refused": {"$ref": "#/components/schemas/APIStatusRefused"},
              "ready": {"type": "boolean", "description": "The first pass has finished."},
              "lastPass": {"$ref": "#/components/schemas/APIStatusLastPass", "description": "Absent before the first pass."},
              "counts": {"$ref": "#/components/schemas/APIStatusCounts"}
            },
            "required": ["ready", "counts"],
            "additionalProperties": false
          },
          "APIGPUPool": {
            "type": "object",
            "description": "A GPU pool of a site: what it has and what is in use (by gridops and by others).",
            "properties": {
              "model": {"type": "string"},
              "capacity": {"type": "integer", "minimum": 0},
              "inUse": {"type": "integer", "minimum": 0}
            },
            "required": ["model", "capacity", "inUse"],
            "additionalProperties": false
          },
          "APISiteLocation": {
            "type": "object",
            "description": "Where the site is, in degrees.",
            "properties": {
              "lat": {"type": "number", "minimum": -90, "maximum": 90},
              "lon": {"type": "number", "minimum": -180, "maximum": 180}
            },
            "required": ["lat", "lon"],
            "additionalProperties": false
          },
          "APISiteResource": {
            "type": "object",
            "description": "A resource the site runs (detail view only).",
            "properties": {
              "id": {"type": "string", "description": "kind/tenant/name."},
              "kind": {"type": "string"},
              "tenant": {"type": "string"},
              "name": {"type": "string"},
              "managed": {"type": "boolean"},
              "status": {"type": "string", "enum": ["ready", "progressing", "failed"]}
            },
            "required": ["id", "kind", "tenant", "name", "managed", "status"],
            "additionalProperties": false
          },
          "APISite": {
            "type": "object",
            "description": "A site; `resources` only in `GET /api/v1/sites/{name}`.",
            "properties": {
              "name": {"type": "string"},
              "region": {"type": "string"},
              "tier": {"type": "string", "enum": ["factory", "regional", "edge"]},
              "jurisdiction": {"type": "string"},
              "location": {"$ref": "#/components/schemas/APISiteLocation"},
              "maintenance": {"type": "boolean"},
              "condition": {"$ref": "#/components/schemas/Condition"},
              "reason": {"type": "string"},
              "reachable": {"type": "boolean"},
              "gpus": {"type": "array", "items": {"$ref": "#/components/schemas/APIGPUPool"}},
              "tenants": {"type": "array", "items": {"type": "string"}, "description": "Tenants with something at this site."},
              "resources": {"type": "array", "items": {"$ref": "#/components/schemas/APISiteResource"}}
            },
            "required": [
              "name", "region", "tier", "jurisdiction", "location", "maintenance", "condition", "reason", "reachable", "gpus",
              "tenants"
            ],
            "additionalProperties": false
          },
          "APISiteDetail": {
            "description": "`GET /api/v1/sites/{name}`: a site with its resources.",
            "allOf": [{"$ref": "#/components/schemas/APISite"}, {"required": ["resources"]}]
          },
          "APISiteList": {
            "type": "object",
            "description": "`GET /api/v1/sites`: no `resources`.",
            "properties": {"sites": {"type": "array", "items": {"$ref": "#/components/schemas/APISite"}}},
            "required": ["sites"],
            "additionalProperties": false
          },
          "APITenant": {
            "type": "object",
            "description": "`GET /api/v1/tenants/{name}`.",
            "properties": {
              "name": {"type": "string"},
              "priority": {"type": "integer"},
              "isolation": {"type": "string", "enum": ["shared", "dedicated"]},
              "quota": {
                "type": "object",
                "description": "GPUs allowed by model; absent: unlimited.",
                "additionalProperties": {"type": "integer", "minimum": 0}
              },
              "gpusInUse": {
                "type": "object",
                "description": "GPUs placed by model (replicas × GPUs per replica, plus reserved cluster GPUs).",
                "additionalProperties": {"type": "integer", "minimum": 0}
              },
              "services": {"type": "array", "items": {"type": "string"}},
              "clusters": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["name", "priority", "isolation", "gpusInUse", "services", "clusters"],
            "additionalProperties": false
          },
          "APIServicePlaced": {
            "type": "object",
            "description": "Replicas of a service at a site.",
            "properties": {
              "site": {"type": "string"},
              "gpuModel": {"type": "string"},
              "replicas": {"type": "integer", "minimum": 0}
            },
            "required": ["site", "gpuModel", "replicas"],
            "additionalProperties": false
          },
          "APIService": {
            "type": "object",
            "description": "A service and where it runs.",
            "properties": {
              "tenant": {"type": "string"},
              "name": {"type": "string"},
              "model": {"type": "string"},
              "version": {"type": "string"},
              "replicas": {"type": "integer", "minimum": 0},
              "placedReplicas": {"type": "integer", "minimum": 0},
              "unplacedReplicas": {"type": "integer", "minimum": 0},
              "placement": {"type": "array", "items": {"$ref": "#/components/schemas/APIServicePlaced"}},
              "condition": {"$ref": "#/components/schemas/Condition"},
              "reason": {"type": "string"},
              "rollout": {
                "type": "string",
                "enum": ["Progressing", "Paused", "Failed", "Aborted"],
                "description": "The phase of its latest rollout that is not over; absent when none."
              }
            },
            "required": [
              "tenant", "name", "model", "version", "replicas", "placedReplicas", "unplacedReplicas", "placement", "condition",
              "reason"
            ],
            "additionalProperties": false
          },
          "APIServiceList": {
            "type": "object",
            "description": "`GET /api/v1/services`.",
            "properties": {"services": {"type": "array", "items": {"$ref": "#/components/schemas/APIService"}}},
            "required": ["services"],
            "additionalProperties": false
          },
          "APIPlacementsAssignment": {
            "type": "object",
            "description": "Replicas of a service placed at a site.",
            "properties": {
              "tenant": {"type": "string"},
              "service": {"type": "string"},
              "region": {"type": "string"},
              "site": {"type": "string"},
              "gpuModel": {"type": "string"},
              "replicas": {"type": "integer", "minimum": 0},
              "rttMs": {"type": "number", "minimum": 0},
              "costPerHour": {"type": "number", "minimum": 0}
            },
            "required": ["tenant", "service", "region", "site", "gpuModel", "replicas", "rttMs", "costPerHour"],
            "additionalProperties": false
          },
          "APIPlacementsReservation": {
            "type": "object",
            "description": "GPUs a cluster reserves at a site.",
            "properties": {
              "tenant": {"type": "string"},
              "kind": {"type": "string"},
              "name": {"type": "string"},
              "site": {"type": "string"},
              "gpuModel": {"type": "string"},
              "gpus": {"type": "integer", "minimum": 0}
            },
            "required": ["tenant", "kind", "name", "site", "gpuModel", "gpus"],
            "additionalProperties": false
          },
          "APIPlacementsUnplaced": {
            "type": "object",
            "description": "Replicas that fit nowhere, and why.",
            "properties": {
              "tenant": {"type": "string"},
              "service": {"type": "string"},
              "region": {"type": "string"},
              "replicas": {"type": "integer", "minimum": 0},
              "reason": {"type": "string"}
            },
            "required": ["tenant", "service", "region", "replicas", "reason"],
            "additionalProperties": false
          },
          "APIPlacements": {
            "type": "object",
            "description": "`GET /api/v1/placements`: the placement in force, filtered to the caller's tenant.",
            "properties": {
              "revision": {"type": "string", "description": "The revision it was computed for."},
              "assignments": {"type": "array", "items": {"$ref": "#/components/schemas/APIPlacementsAssignment"}},
              "reservations": {"type": "array", "items": {"$ref": "#/components/schemas/APIPlacementsReservation"}},
              "unplaced": {"type": "array", "items": {"$ref": "#/components/schemas/APIPlacementsUnplaced"}}
            },
            "required": ["assignments", "reservations", "unplaced"],
            "additionalProperties": false
          },
          "APIDriftField": {
            "type": "object",
            "description": "A field that differs; a side is absent when the field is.",
            "properties": {"field": {"type": "string"}, "desired": {"type": "string"}, "observed": {"type": "string"}},
            "required": ["field"],
            "additionalProperties": false
          },
          "APIDriftItem": {
            "type": "object",
            "description": "A resource that is not as gridops left it.",
            "properties": {
              "site": {"type": "string"},
              "resource": {"type": "string", "description": "kind/tenant/name."},
              "tenant": {"type": "string"},
              "drift": {"type": "string", "enum": ["Missing", "Modified", "Orphan", "Unmanaged"]},
              "fields": {"type": "array", "items": {"$ref": "#/components/schemas/APIDriftField"}},
              "policy": {"type": "string", "enum": ["heal", "report"]},
              "healing": {"type": "boolean", "description": "The next pass puts it back."}
            },
            "required": ["site", "resource", "tenant", "drift", "fields", "policy", "healing"],
            "additionalProperties": false
          },
          "APIDrift": {
            "type": "object",
            "description": "`GET /api/v1/drift`: what the last pass found, filtered to the caller's tenant.",
            "properties": {
              "observedAt": {
                "type": "string",
                "format": "date-time",
                "description": "When the pass that found it finished; absent before the first pass."
              },
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/APIDriftItem"}}
            },
            "required": ["items"],
            "additionalProperties": false
          },
          "APIRolloutWave": {
            "type": "object",
            "description": "Sites that get the new template together.",
            "properties": {
              "sites": {"type": "array", "items": {"type": "string"}},
              "started": {"type": "string", "format": "date-time", "description": "Absent while the wave waits."},
              "healthy": {
                "type": "string",
                "format": "date-time",
                "description": "When every site of this wave and the ones before reported healthy."
              }
            },
            "required": ["sites"],
            "additionalProperties": false
          },
          "APIRollout": {
            "type": "object",
            "description": "The latest rollout of a service.",
            "properties": {
              "id": {"type": "integer"},
              "tenant": {"type": "string"},
              "service": {"type": "string"},
              "phase": {"type": "string", "enum": ["Progressing", "Paused", "Succeeded", "Failed", "Aborted", "Superseded"]},
              "wave": {
                "type": "integer",
                "minimum": 0,
                "description": "1-based: the wave going out now; 0 before the first starts."
              },
              "waves": {"type": "array", "items": {"$ref": "#/components/schemas/APIRolloutWave"}},
              "fromVersion": {"type": "string"},
              "toVersion": {"type": "string"},
              "revision": {"type": "string"},
              "pullRequest": {"type": "integer", "minimum": 1},
              "author": {"type": "string"},
              "message": {"type": "string"},
              "reason": {"type": "string"},
              "rolledBack": {"type": "boolean"},
              "created": {"type": "string", "format": "date-time"},
              "updated": {"type": "string", "format": "date-time"}
            },
            "required": [
              "id", "tenant", "service", "phase", "wave", "waves", "fromVersion", "toVersion", "revision", "author", "message",
              "reason", "rolledBack", "created", "updated"
            ],
            "additionalProperties": false
          },
          "APIRolloutList": {
            "type": "object",
            "description": "`GET /api/v1/rollouts`: the latest rollout of each service.",
            "properties": {"rollouts": {"type": "array", "items": {"$ref": "#/components/schemas/APIRollout"}}},
            "required": ["rollouts"],
            "additionalProperties": false
          },
          "APIPreview": {
            "type": "object",
            "description": "A pull request preview: what merging it would do.",
            "properties": {
              "id": {"type": "string"},
              "ref": {"type": "string"},
              "base": {"type": "string"},
              "head": {"type": "string"},
              "at": {"type": "string", "format": "date-time"},
              "valid": {"type": "boolean"},
              "errors": {"type": "integer", "minimum": 0},
              "warnings": {"type": "integer", "minimum": 0},
              "actions": {"type": "integer", "minimum": 0}
            },
            "required": ["id", "ref", "base", "head", "at", "valid", "errors", "warnings", "actions"],
            "additionalProperties": false
          },
          "APIPreviewList": {
            "type": "object",
            "description": "`GET /api/v1/previews`.",
            "properties": {"previews": {"type": "array", "items": {"$ref": "#/components/schemas/APIPreview"}}},
            "required": ["previews"],
            "additionalProperties": false
          },
          "APIEvent": {
            "type": "object",
            "description": "Something the controller did or saw.",
            "properties": {
              "id": {"type": "integer"},
              "at": {"type": "string", "format": "date-time"},
              "level": {"type": "string", "enum": ["info", "warning", "error"]},
              "revision": {"type": "string"},
              "site": {"type": "string"},
              "resource": {"type": "string"},
              "message": {"type": "string"}
            },
            "required": ["id", "at", "level", "revision", "site", "resource", "message"],
            "additionalProperties": false
          },
          "APIEvents": {
            "type": "object",
            "description": "`GET /api/v1/events`: events after `since`, oldest first.",
            "properties": {
              "events": {"type": "array", "items": {"$ref": "#/components/schemas/APIEvent"}},
              "next": {"type": "integer", "minimum": 0, "description": "The `since` to ask with next time."}
            },
            "required": ["events", "next"],
            "additionalProperties": false
          },
          "APIReconcileRequested": {
            "type": "object",
            "description": "`POST /api/v1/reconcile`: a pass was asked for.",
            "properties": {"requested": {"type": "boolean"}},
            "required": ["requested"],
            "additionalProperties": false
          },
          "WebhookAnswer": {
            "description": "`POST /hooks/github`: the event taken (`accepted`) or not acted on (`ignored`).",
            "oneOf": [
              {
                "type": "object",
                "description": "Accepted.",
                "properties": {"accepted": {"type": "string", "description": "The X-GitHub-Event."}},
                "required": ["accepted"],
                "additionalProperties": false
              },
              {
                "type": "object",
                "description": "Ignored.",
                "properties": {"ignored": {"type": "string", "description": "The X-GitHub-Event."}},
                "required": ["ignored"],
                "additionalProperties": false
              }
            ]
          }
        }
      }
    }
    """#
}
