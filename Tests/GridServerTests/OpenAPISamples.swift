import Foundation
@testable import GridServer
import Testing

/// A response the API may give: what the route tests see.
struct OpenAPISample: Sendable, CustomTestStringConvertible {
    var method = "GET"
    var path: String
    var status = 200
    var contentType = OpenAPIValidatorTests.json
    var body: String
    /// Decodes the body as its APIModels type and encodes it again (nil: not one of them).
    var roundTrip: (@Sendable (Data) throws -> Data)?

    var testDescription: String { "\(method) \(path) → \(status)" }

    init(_ path: String, method: String = "GET", status: Int = 200, contentType: String = OpenAPIValidatorTests.json,
         _ body: String, as roundTrip: (@Sendable (Data) throws -> Data)? = nil) {
        self.method = method
        self.path = path
        self.status = status
        self.contentType = contentType
        self.body = body
        self.roundTrip = roundTrip
    }
}

/// Answers as the API gives them, written from `APIModels.swift`.
enum OpenAPISamples {
    static let sha = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
    static let error = #"{"error": "no bearer token"}"#

    /// A body decoded as `T` and encoded again, dates as ISO 8601: what the server would send for it.
    static func model<T: Codable & Sendable>(_: T.Type) -> @Sendable (Data) throws -> Data {
        { data in
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            return try encoder.encode(decoder.decode(T.self, from: data))
        }
    }

    static let status = #"""
        {"revision": {"sha": "\#(sha)", "message": "Raise the GPU quota of tenant acme", "author": "Ada Lovelace"},
         "refused": {"sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "reason": "tenants/acme.yaml:4:3: unknown field qouta"},
         "ready": true,
         "lastPass": {"finishedAt": "2026-03-01T12:00:00Z", "durationMs": 412, "converged": false, "actionsPlanned": 3,
                      "actionsDone": 2, "actionsFailed": 1, "notConverged": ["fra-edge-1: Deployment/acme/chat failed"]},
         "counts": {"sites": 2, "sitesByCondition": {"Ready": 1, "Offline": 1}, "services": 2,
                    "servicesByCondition": {"Progressing": 1, "Ready": 1}, "gpus": 24, "gpusInUse": 6,
                    "driftedResources": 2, "unplacedReplicas": 1, "activeRollouts": 1}}
        """#
    static let statusBeforeFirstPass = #"""
        {"ready": false, "counts": {"sites": 0, "sitesByCondition": {}, "services": 0, "servicesByCondition": {}, "gpus": 0,
                                    "gpusInUse": 0, "driftedResources": 0, "unplacedReplicas": 0, "activeRollouts": 0}}
        """#
    static let site = #"""
        {"name": "fra-edge-1", "region": "eu-central", "tier": "edge", "jurisdiction": "EU",
         "location": {"lat": 50.11, "lon": 8.68}, "maintenance": false, "condition": "Ready", "reason": "",
         "reachable": true, "gpus": [{"model": "L4", "capacity": 8, "inUse": 4}], "tenants": ["acme"]}
        """#
    static let sites = #"""
        {"sites": [\#(site),
                   {"name": "ber-factory", "region": "eu-central", "tier": "factory", "jurisdiction": "EU",
                    "location": {"lat": 52, "lon": 13.4}, "maintenance": true, "condition": "Offline",
                    "reason": "unreachable since 2026-03-01T11:58:00Z", "reachable": false,
                    "gpus": [{"model": "H100", "capacity": 8, "inUse": 2}, {"model": "L4", "capacity": 8, "inUse": 0}],
                    "tenants": []}],
         "metadata": {"continue": "eyJhIjoiYmVyLWZhY3RvcnkifQ", "remainingItemCount": 9998}}
        """#
    static let siteDetail = #"""
        {"name": "fra-edge-1", "region": "eu-central", "tier": "regional", "jurisdiction": "EU",
         "location": {"lat": -33.87, "lon": -180}, "maintenance": false, "condition": "Degraded", "reason": "1 resource failed",
         "reachable": true, "gpus": [], "tenants": ["acme", "netops"],
         "resources": [
           {"id": "Deployment/acme/chat", "kind": "Deployment", "tenant": "acme", "name": "chat", "managed": true,
            "status": "ready"},
           {"id": "Cluster/netops/train", "kind": "Cluster", "tenant": "netops", "name": "train", "managed": true,
            "status": "failed"},
           {"id": "Deployment/-/legacy", "kind": "Deployment", "tenant": "", "name": "legacy", "managed": false,
            "status": "progressing"}]}
        """#
    static let tenant = #"""
        {"name": "acme", "priority": 100, "isolation": "shared", "quota": {"H100": 16, "L4": 8}, "gpusInUse": {"L4": 4},
         "services": ["chat"], "clusters": []}
        """#
    static let tenantWithoutQuota = #"""
        {"name": "netops", "priority": -1, "isolation": "dedicated", "gpusInUse": {}, "services": [], "clusters": ["train"]}
        """#
    static let services = #"""
        {"services": [
          {"tenant": "acme", "name": "chat", "model": "llama-3-70b", "version": "1.4.0", "replicas": 3, "placedReplicas": 2,
           "unplacedReplicas": 1, "placement": [{"site": "fra-edge-1", "gpuModel": "L4", "replicas": 2}],
           "condition": "Progressing", "reason": "rollout wave 1 of 2", "rollout": "Progressing"},
          {"tenant": "netops", "name": "triage", "model": "mistral-7b", "version": "0.9", "replicas": 0, "placedReplicas": 0,
           "unplacedReplicas": 0, "placement": [], "condition": "Ready", "reason": ""}],
         "metadata": {}}
        """#
    static let placements = #"""
        {"revision": "\#(sha)",
         "assignments": [{"tenant": "acme", "service": "chat", "region": "eu-central", "site": "fra-edge-1", "gpuModel": "L4",
                          "replicas": 2, "rttMs": 4.5, "costPerHour": 1}],
         "reservations": [{"tenant": "netops", "kind": "Cluster", "name": "train", "site": "ber-factory", "gpuModel": "H100",
                           "gpus": 8}],
         "unplaced": [{"tenant": "acme", "service": "chat", "region": "eu-central", "replicas": 1,
                       "reason": "no site with a free L4 within 20 ms"}],
         "metadata": {"continue": "eyJhIjoieCJ9", "remainingItemCount": 1}}
        """#
    static let drift = #"""
        {"observedAt": "2026-03-01T12:00:00Z", "items": [
          {"site": "fra-edge-1", "resource": "Deployment/acme/chat", "tenant": "acme", "drift": "Modified",
           "fields": [{"field": "spec.replicas", "desired": "2", "observed": "3"}], "policy": "heal", "healing": true},
          {"site": "fra-edge-1", "resource": "Deployment/acme/old", "tenant": "acme", "drift": "Orphan",
           "fields": [{"field": "spec", "observed": "present"}], "policy": "report", "healing": false}],
         "metadata": {}}
        """#
    static let rollouts = #"""
        {"rollouts": [
          {"id": 7, "tenant": "acme", "service": "chat", "phase": "Progressing", "wave": 1,
           "waves": [{"sites": ["fra-edge-1"], "started": "2026-03-01T12:00:00Z"}, {"sites": ["ber-factory"]}],
           "fromVersion": "1.3.0", "toVersion": "1.4.0", "revision": "\#(sha)", "pullRequest": 42, "author": "Ada Lovelace",
           "message": "Chat 1.4.0", "reason": "", "rolledBack": false, "created": "2026-03-01T11:59:00Z",
           "updated": "2026-03-01T12:00:00Z"},
          {"id": 3, "tenant": "netops", "service": "triage", "phase": "Succeeded", "wave": 1,
           "waves": [{"sites": ["ber-factory"], "started": "2026-02-01T08:00:00Z", "healthy": "2026-02-01T08:03:00Z"}],
           "fromVersion": "0.8", "toVersion": "0.9", "revision": "\#(sha)", "author": "Grace Hopper", "message": "Triage 0.9",
           "reason": "", "rolledBack": false, "created": "2026-02-01T08:00:00Z", "updated": "2026-02-01T08:03:00Z"}],
         "metadata": {}}
        """#
    static let previews = #"""
        {"previews": [{"id": "pr-42", "ref": "refs/pull/42/head", "base": "\#(sha)",
                       "head": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "at": "2026-03-01T12:00:00Z", "valid": false,
                       "errors": 1, "warnings": 0, "actions": 3}]}
        """#
    static let events = #"""
        {"events": [
          {"id": 41, "at": "2026-03-01T12:00:00Z", "level": "info", "revision": "\#(sha)", "site": "fra-edge-1",
           "resource": "Deployment/acme/chat", "message": "applied"},
          {"id": 42, "at": "2026-03-01T12:00:05Z", "level": "error", "revision": "\#(sha)", "site": "", "resource": "",
           "message": "fra-edge-1 unreachable"}],
         "next": 42}
        """#

    static let summary = #"""
        {"revision": "\#(sha)", "observedAt": "2026-03-01T12:00:00Z",
         "sites": {"sites": 2, "capacity": 24, "inUse": 6},
         "byCondition": {"Ready": {"sites": 1, "capacity": 8, "inUse": 4}, "Offline": {"sites": 1, "capacity": 16, "inUse": 2}},
         "byTier": {"edge": {"sites": 1, "capacity": 8, "inUse": 4}, "factory": {"sites": 1, "capacity": 16, "inUse": 2}},
         "byModel": {"L4": {"sites": 2, "capacity": 16, "inUse": 4}, "H100": {"sites": 1, "capacity": 8, "inUse": 2}},
         "byRegion": {"eu-central": {"sites": 2, "capacity": 24, "inUse": 6}},
         "services": 2, "servicesByCondition": {"Progressing": 1, "Ready": 1}, "placedReplicas": 2, "unplacedReplicas": 1,
         "driftedResources": 2, "tenantCount": 2,
         "tenants": [{"name": "acme", "services": 1, "placedReplicas": 2, "unplacedReplicas": 1, "gpus": 4}],
         "otherTenants": {"name": "1 other tenants", "services": 1, "placedReplicas": 0, "unplacedReplicas": 0, "gpus": 0}}
        """#
    static let summaryForATenant = #"""
        {"services": 1, "servicesByCondition": {"Ready": 1}, "placedReplicas": 2, "unplacedReplicas": 0, "driftedResources": 0,
         "tenantCount": 1, "tenants": [{"name": "acme", "services": 1, "placedReplicas": 2, "unplacedReplicas": 0, "gpus": 2}]}
        """#
    static let map = #"""
        {"zoom": 2, "cellDegrees": 2.25, "sites": 3,
         "cells": [{"lat": 50.11, "lon": 8.68, "sites": 2, "byCondition": {"Ready": 1, "Degraded": 1}, "gpus": 16, "gpusInUse": 5},
                   {"lat": 52, "lon": 13.4, "sites": 1, "byCondition": {"Offline": 1}, "gpus": 8, "gpusInUse": 0, "site": "ber-factory"}]}
        """#

    static let all: [OpenAPISample] = [
        OpenAPISample("/healthz", contentType: "text/plain; charset=utf-8", "ok"),
        OpenAPISample("/readyz", contentType: "text/plain; charset=utf-8", "ready"),
        OpenAPISample("/readyz", status: 503, #"{"error": "the first reconcile pass has not finished"}"#,
                      as: model(APIError.self)),
        OpenAPISample("/metrics", contentType: "text/plain; version=0.0.4; charset=utf-8",
                      "# TYPE gridops_passes_total counter\ngridops_passes_total 3\n"),
        OpenAPISample("/", contentType: "text/html; charset=utf-8", "<!doctype html><title>gridops</title>"),
        OpenAPISample("/api/v1/openapi.json", OpenAPIDocument.json),
        OpenAPISample("/api/v1/status", status, as: model(APIStatus.self)),
        OpenAPISample("/api/v1/status", statusBeforeFirstPass, as: model(APIStatus.self)),
        OpenAPISample("/api/v1/status", status: 401, error, as: model(APIError.self)),
        OpenAPISample("/api/v1/status", status: 403, #"{"error": "a tenant token sees its tenant only"}"#),
        OpenAPISample("/api/v1/sites", sites, as: model(APISiteList.self)),
        OpenAPISample("/api/v1/sites?limit=2&condition=Ready", #"{"sites": [], "metadata": {}}"#, as: model(APISiteList.self)),
        OpenAPISample("/api/v1/sites?limit=0", status: 400, #"{"error": "query parameter 'limit' must be an integer in 1...5000, found '0'"}"#),
        OpenAPISample("/api/v1/summary", summary, as: model(APISummary.self)),
        OpenAPISample("/api/v1/summary", summaryForATenant, as: model(APISummary.self)),
        OpenAPISample("/api/v1/map?zoom=2&bbox=-10,35,30,60", map, as: model(APIMap.self)),
        OpenAPISample("/api/v1/map", status: 403, #"{"error": "a tenant token cannot see the site map"}"#),
        OpenAPISample("/api/v1/sites/fra-edge-1", siteDetail, as: model(APISite.self)),
        OpenAPISample("/api/v1/sites/nowhere", status: 404, #"{"error": "no site nowhere"}"#),
        OpenAPISample("/api/v1/tenants/acme", tenant, as: model(APITenant.self)),
        OpenAPISample("/api/v1/tenants/netops", tenantWithoutQuota, as: model(APITenant.self)),
        OpenAPISample("/api/v1/tenants/other", status: 403, #"{"error": "not your tenant"}"#),
        OpenAPISample("/api/v1/services", services, as: model(APIServiceList.self)),
        OpenAPISample("/api/v1/placements", placements, as: model(APIPlacements.self)),
        OpenAPISample("/api/v1/placements?tenant=acme&site=fra-edge-1", #"{"assignments": [], "reservations": [], "unplaced": [], "metadata": {}}"#,
                      as: model(APIPlacements.self)),
        OpenAPISample("/api/v1/drift", drift, as: model(APIDrift.self)),
        OpenAPISample("/api/v1/drift", #"{"items": [], "metadata": {}}"#, as: model(APIDrift.self)),
        OpenAPISample("/api/v1/services?tenant=other", status: 403, #"{"error": "a tenant token cannot see tenant 'other'"}"#),
        OpenAPISample("/api/v1/rollouts", rollouts, as: model(APIRolloutList.self)),
        OpenAPISample("/api/v1/previews", previews, as: model(APIPreviewList.self)),
        OpenAPISample("/api/v1/events?since=40&limit=2", events, as: model(APIEvents.self)),
        OpenAPISample("/api/v1/events?limit=0", status: 400, #"{"error": "limit: expected an integer from 1 to 1000"}"#),
        OpenAPISample("/api/v1/reconcile", method: "POST", status: 202, #"{"requested": true}"#,
                      as: model(APIReconcileRequested.self)),
        OpenAPISample("/api/v1/reconcile", method: "POST", status: 413, #"{"error": "body is larger than 1048576 bytes"}"#),
        OpenAPISample("/hooks/github", method: "POST", status: 202, #"{"accepted": "push"}"#),
        OpenAPISample("/hooks/github", method: "POST", status: 202, #"{"ignored": "issues"}"#),
        OpenAPISample("/hooks/github", method: "POST", #"{"accepted": "ping"}"#),
        OpenAPISample("/hooks/github", method: "POST", status: 401, #"{"error": "bad or missing X-Hub-Signature-256"}"#),
    ]
}
