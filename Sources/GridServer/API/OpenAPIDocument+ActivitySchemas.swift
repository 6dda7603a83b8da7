extension OpenAPIDocument {
    /// The rest of `components.schemas`: placements, drift, rollouts, previews, events, reconcile, webhooks.
    static let activitySchemas: String = #"""
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
            "description": "`GET /api/v1/placements`: a page of the placement in force (assignments, then reservations, then unplaced; `limit` counts them together), filtered to the caller's tenant.",
            "properties": {
              "revision": {"type": "string", "description": "The revision it was computed for."},
              "assignments": {"type": "array", "items": {"$ref": "#/components/schemas/APIPlacementsAssignment"}},
              "reservations": {"type": "array", "items": {"$ref": "#/components/schemas/APIPlacementsReservation"}},
              "unplaced": {"type": "array", "items": {"$ref": "#/components/schemas/APIPlacementsUnplaced"}},
              "metadata": {"$ref": "#/components/schemas/APIListMeta"}
            },
            "required": ["assignments", "reservations", "unplaced", "metadata"],
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
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/APIDriftItem"}},
              "metadata": {"$ref": "#/components/schemas/APIListMeta"}
            },
            "required": ["items", "metadata"],
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
            "description": "`GET /api/v1/rollouts`: a page of the latest rollout of each service, newest first.",
            "properties": {
              "rollouts": {"type": "array", "items": {"$ref": "#/components/schemas/APIRollout"}},
              "metadata": {"$ref": "#/components/schemas/APIListMeta"}
            },
            "required": ["rollouts", "metadata"],
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
