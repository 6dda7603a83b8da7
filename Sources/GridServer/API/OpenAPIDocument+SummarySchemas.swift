extension OpenAPIDocument {
    /// `components.schemas` of `APIModels+Summary.swift`: list metadata, the summary, the map.
    static let summarySchemas: String = #"""
          "APIListMeta": {
            "type": "object",
            "description": "How to get the rest of a list: both absent on the last page.",
            "properties": {
              "continue": {"type": "string", "description": "Pass as `continue` for the next page."},
              "remainingItemCount": {"type": "integer", "minimum": 1, "description": "Items after this page."}
            },
            "required": [],
            "additionalProperties": false
          },
          "APISummaryCapacity": {
            "type": "object",
            "description": "Sites of a group and their GPUs.",
            "properties": {
              "sites": {"type": "integer", "minimum": 0},
              "capacity": {"type": "integer", "minimum": 0},
              "inUse": {"type": "integer", "minimum": 0}
            },
            "required": ["sites", "capacity", "inUse"],
            "additionalProperties": false
          },
          "APISummaryTenantShare": {
            "type": "object",
            "description": "What a tenant runs.",
            "properties": {
              "name": {"type": "string"},
              "services": {"type": "integer", "minimum": 0},
              "placedReplicas": {"type": "integer", "minimum": 0},
              "unplacedReplicas": {"type": "integer", "minimum": 0},
              "gpus": {"type": "integer", "minimum": 0, "description": "GPUs of its placed replicas and reserved clusters."}
            },
            "required": ["name", "services", "placedReplicas", "unplacedReplicas", "gpus"],
            "additionalProperties": false
          },
          "APISummary": {
            "type": "object",
            "description": "`GET /api/v1/summary`: counts and capacity by group, computed once per pass. The site groups are for admin tokens only; a tenant token gets its own services and share.",
            "properties": {
              "revision": {"type": "string", "description": "The revision in force; absent before the first valid one."},
              "observedAt": {"type": "string", "format": "date-time", "description": "When the pass finished; absent before the first."},
              "sites": {"$ref": "#/components/schemas/APISummaryCapacity"},
              "byCondition": {
                "type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/APISummaryCapacity"},
                "propertyNames": {"$ref": "#/components/schemas/Condition"}
              },
              "byTier": {
                "type": "object",
                "additionalProperties": {"$ref": "#/components/schemas/APISummaryCapacity"},
                "propertyNames": {"type": "string", "enum": ["factory", "regional", "edge"]}
              },
              "byModel": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/APISummaryCapacity"}},
              "byRegion": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/APISummaryCapacity"}},
              "services": {"type": "integer", "minimum": 0},
              "servicesByCondition": {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 0},
                "propertyNames": {"$ref": "#/components/schemas/Condition"}
              },
              "placedReplicas": {"type": "integer", "minimum": 0},
              "unplacedReplicas": {"type": "integer", "minimum": 0},
              "driftedResources": {"type": "integer", "minimum": 0},
              "tenantCount": {"type": "integer", "minimum": 0},
              "tenants": {
                "type": "array",
                "maxItems": 20,
                "description": "The tenants with the most GPUs, most first.",
                "items": {"$ref": "#/components/schemas/APISummaryTenantShare"}
              },
              "otherTenants": {"$ref": "#/components/schemas/APISummaryTenantShare"}
            },
            "required": [
              "services", "servicesByCondition", "placedReplicas", "unplacedReplicas", "driftedResources", "tenantCount", "tenants"
            ],
            "additionalProperties": false
          },
          "APIMapCell": {
            "type": "object",
            "description": "The sites of one cell of the map.",
            "properties": {
              "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "Where to draw it: the mean latitude of the sites of its biggest cell."},
              "lon": {"type": "number", "minimum": -180, "maximum": 180, "description": "The mean longitude of the same sites."},
              "sites": {"type": "integer", "minimum": 1},
              "byCondition": {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 1},
                "propertyNames": {"$ref": "#/components/schemas/Condition"}
              },
              "gpus": {"type": "integer", "minimum": 0},
              "gpusInUse": {"type": "integer", "minimum": 0},
              "site": {"type": "string", "description": "The site's name when the cell holds one."}
            },
            "required": ["lat", "lon", "sites", "byCondition", "gpus", "gpusInUse"],
            "additionalProperties": false
          },
          "APIMap": {
            "type": "object",
            "description": "`GET /api/v1/map`: the sites grouped in cells of `cellDegrees`, neighbouring cells merged: no two markers are closer than `cellDegrees`.",
            "properties": {
              "zoom": {"type": "integer", "minimum": 0, "maximum": 10},
              "cellDegrees": {"type": "number", "minimum": 0},
              "sites": {"type": "integer", "minimum": 0, "description": "Sites in the box."},
              "cells": {"type": "array", "items": {"$ref": "#/components/schemas/APIMapCell"}}
            },
            "required": ["zoom", "cellDegrees", "sites", "cells"],
            "additionalProperties": false
          },
    """#
}
