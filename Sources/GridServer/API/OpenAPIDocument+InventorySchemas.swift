extension OpenAPIDocument {
    /// `components` up to the services: security, shared responses, errors, status, sites, tenants, services.
    static let inventorySchemas: String = #"""
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
        "parameters": {
          "Limit": {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "At most this many items; without it, 500.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 500}
          },
          "Continue": {
            "name": "continue",
            "in": "query",
            "required": false,
            "description": "`metadata.continue` of the previous page, as it is, with the same filters. A token of another list or other filters is a 400; tokens do not expire.",
            "schema": {"type": "string"}
          },
          "TenantFilter": {
            "name": "tenant",
            "in": "query",
            "required": false,
            "description": "Only this tenant's. A tenant token naming another tenant gets 403.",
            "schema": {"type": "string"}
          },
          "SiteFilter": {
            "name": "site",
            "in": "query",
            "required": false,
            "description": "Only what is at this site.",
            "schema": {"type": "string"}
          },
          "ConditionFilter": {
            "name": "condition",
            "in": "query",
            "required": false,
            "description": "Only in this condition.",
            "schema": {"$ref": "#/components/schemas/Condition"}
          },
          "TierFilter": {
            "name": "tier",
            "in": "query",
            "required": false,
            "description": "Only sites of this tier.",
            "schema": {"type": "string", "enum": ["factory", "regional", "edge"]}
          },
          "RegionFilter": {
            "name": "region",
            "in": "query",
            "required": false,
            "description": "Only sites of this region.",
            "schema": {"type": "string"}
          },
          "PhaseFilter": {
            "name": "phase",
            "in": "query",
            "required": false,
            "description": "Only rollouts in this phase.",
            "schema": {"type": "string", "enum": ["Progressing", "Paused", "Succeeded", "Failed", "Aborted", "Superseded"]}
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
            "description": "`GET /api/v1/sites`: a page of sites by name, without `resources`.",
            "properties": {
              "sites": {"type": "array", "items": {"$ref": "#/components/schemas/APISite"}},
              "metadata": {"$ref": "#/components/schemas/APIListMeta"}
            },
            "required": ["sites", "metadata"],
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
            "description": "`GET /api/v1/services`: a page of services by tenant and name.",
            "properties": {
              "services": {"type": "array", "items": {"$ref": "#/components/schemas/APIService"}},
              "metadata": {"$ref": "#/components/schemas/APIListMeta"}
            },
            "required": ["services", "metadata"],
            "additionalProperties": false
          },
    """#
}
