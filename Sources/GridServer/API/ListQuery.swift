import Foundation
import Hummingbird

/// A list route's query, as Kubernetes users know it: `limit`, an opaque `continue` token and
/// the filters the route takes, each checked once; anything wrong is a 400 naming the parameter.
///
/// Lists are ordered by a key (a site's name, a service's `tenant/name`, ...). The token holds
/// the list, its filters and the last key answered, so the next page starts after that key in
/// whatever the latest pass says: tokens never expire (no 410), and a token is refused when it
/// was given for another list or other filters.
struct ListQuery: Sendable {
    /// Items per page without `limit`: one call cannot answer a whole 10,000-site grid by accident.
    static let defaultLimit = 500
    /// The largest `limit`.
    static let maxLimit = 5000

    /// A filter a list takes: its name, and the values it accepts (nil: any non-empty value).
    struct Filter: Sendable {
        var name: String
        var values: [String]?
    }

    /// The list's name (`sites`, `services`, ...), bound into its tokens.
    let list: String
    var limit: Int
    /// The last key of the previous page; nil on the first page.
    var after: String?
    /// The filters given, by name.
    var filters: [String: String]

    subscript(_ name: String) -> String? { filters[name] }

    /// Reads `limit`, `continue` and `filters` of `list`; any other parameter is refused.
    init(_ request: Request, list: String, filters allowed: [Filter]) throws(APIFailure) {
        try self.init(parameters: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, list: list, filters: allowed)
    }

    init(parameters: [(String, String)], list: String, filters allowed: [Filter]) throws(APIFailure) {
        self.list = list
        var given: [String: String] = [:]
        let names = ["limit", "continue"] + allowed.map(\.name)
        for (name, value) in parameters where !(name.isEmpty && value.isEmpty) {
            guard names.contains(name) else {
                throw APIFailure(.badRequest, "unknown query parameter '\(name)': \(list) takes \(names.joined(separator: ", "))")
            }
            guard given[name] == nil else { throw APIFailure(.badRequest, "query parameter '\(name)' is given twice") }
            guard !value.isEmpty else { throw APIFailure(.badRequest, "query parameter '\(name)' is empty") }
            given[name] = value
        }
        limit = Self.defaultLimit
        if let text = given["limit"] {
            guard let n = Int(text), (1...Self.maxLimit).contains(n) else {
                throw APIFailure(.badRequest, "query parameter 'limit' must be an integer in 1...\(Self.maxLimit), found '\(text)'")
            }
            limit = n
        }
        filters = [:]
        for filter in allowed {
            guard let value = given[filter.name] else { continue }
            if let values = filter.values, !values.contains(value) {
                throw APIFailure(.badRequest, "query parameter '\(filter.name)' must be one of \(values.joined(separator: ", ")), found '\(value)'")
            }
            filters[filter.name] = value
        }
        after = nil
        if let token = given["continue"] {
            after = try ContinueToken.decode(token, list: list, filters: filters)
        }
    }

    /// The token that continues after `key` with the same list and filters.
    func token(after key: String) -> String {
        ContinueToken.encode(list: list, filters: filters, after: key)
    }
}

/// `continue`: base64url of `{"l": list, "f": filters, "a": last key}`. Opaque to callers.
enum ContinueToken {
    private struct Body: Codable {
        var l: String
        var f: [String: String]
        var a: String
    }

    static func encode(list: String, filters: [String: String], after: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(Body(l: list, f: filters, a: after))) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String, list: String, filters: [String: String]) throws(APIFailure) -> String {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard token.utf8.count <= 4096, let data = Data(base64Encoded: base64),
              let body = try? JSONDecoder().decode(Body.self, from: data) else {
            throw APIFailure(.badRequest, "query parameter 'continue' is not a token this server gave: pass the `metadata.continue` of the previous page as it is")
        }
        guard body.l == list, body.f == filters else {
            throw APIFailure(.badRequest, "query parameter 'continue' was given for another list or other filters: ask again without it, with the same filters on every page")
        }
        return body.a
    }
}

/// One page of a list sorted by `key`: the items after `query.after`, at most `query.limit`,
/// and what `metadata` says of the rest.
struct ListPage<Item> {
    var items: [Item]
    var metadata: APIListMeta

    /// `items` sorted ascending by `keys` (parallel arrays); `matches` filters (nil: all).
    /// Unfiltered pages cost a binary search and the page; filtered ones a scan after the start.
    init(_ all: [Item], keys: [String], query: ListQuery, matches: ((Item) -> Bool)? = nil) {
        var start = 0
        if let after = query.after {
            start = keys.partitionPoint { $0 > after }
        }
        guard let matches else {
            let end = min(all.count, start + query.limit)
            items = Array(all[start..<end])
            let remaining = all.count - end
            metadata = APIListMeta(continue: remaining > 0 && end > start ? query.token(after: keys[end - 1]) : nil,
                                   remainingItemCount: remaining > 0 ? remaining : nil)
            return
        }
        var page: [Item] = []
        var last: String?
        var remaining = 0
        for i in start..<all.count where matches(all[i]) {
            if page.count < query.limit {
                page.append(all[i])
                last = keys[i]
            } else {
                remaining += 1
            }
        }
        items = page
        metadata = APIListMeta(continue: remaining > 0 ? last.map { query.token(after: $0) } : nil,
                               remainingItemCount: remaining > 0 ? remaining : nil)
    }
}

extension Array where Element == String {
    /// The first index whose element satisfies `isAfter`, for a predicate false then true over the sorted array.
    func partitionPoint(_ isAfter: (String) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
