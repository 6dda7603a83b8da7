import Crypto
import Foundation

/// Who is calling the API.
public enum Caller: Sendable, Equatable {
    /// Sees everything.
    case admin
    /// Sees only this tenant's services, placements, drift, rollouts and events.
    case tenant(String)

    /// Whether the caller may see what belongs to `tenant`.
    func sees(_ tenant: String) -> Bool {
        switch self {
        case .admin: true
        case .tenant(let own): own == tenant
        }
    }
}

/// The API's bearer tokens, read from `--tokens FILE`: one per line, `TOKEN,NAME,SCOPE`, with
/// SCOPE `admin` or `tenant:<name>`; `#` starts a comment. NAME is what the logs show; the
/// token itself is kept only as its SHA-256 and never printed.
public struct TokenTable: Sendable {
    struct Entry: Sendable {
        var digest: [UInt8]
        var name: String
        var caller: Caller
    }

    let entries: [Entry]

    /// Parses the file's text; a malformed line is an error naming the file and line (never its token).
    public init(text: String, path: String) throws(TokenFileError) {
        var entries: [Entry] = []
        var names = Set<String>()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(path):\(i + 1)"
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3 else { throw TokenFileError("\(at): expected TOKEN,NAME,SCOPE (3 fields), found \(fields.count)") }
            let (token, name, scope) = (fields[0], fields[1], fields[2])
            guard token.utf8.count >= 16 else { throw TokenFileError("\(at): the token of '\(name)' is shorter than 16 characters") }
            guard !name.isEmpty, names.insert(name).inserted else { throw TokenFileError("\(at): the name '\(name)' is empty or used twice") }
            let caller: Caller
            if scope == "admin" {
                caller = .admin
            } else if scope.hasPrefix("tenant:"), scope.count > "tenant:".count {
                caller = .tenant(String(scope.dropFirst("tenant:".count)))
            } else {
                throw TokenFileError("\(at): scope must be 'admin' or 'tenant:<name>', found '\(scope)'")
            }
            let digest = Array(SHA256.hash(data: Array(token.utf8)))
            guard !entries.contains(where: { $0.digest == digest }) else { throw TokenFileError("\(at): the token of '\(name)' is given twice") }
            entries.append(Entry(digest: digest, name: name, caller: caller))
        }
        guard !entries.isEmpty else { throw TokenFileError("\(path): no tokens") }
        self.entries = entries
    }

    /// Reads and parses `path`.
    public init(path: String) throws(TokenFileError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw TokenFileError("cannot read the tokens file '\(path)'") }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The caller a bearer token belongs to, and its name; nil when unknown. Every entry is
    /// compared, each in constant time, so the time taken says nothing about the token.
    func caller(for token: String) -> (caller: Caller, name: String)? {
        let digest = Array(SHA256.hash(data: Array(token.utf8)))
        var found: Entry?
        for entry in entries {
            var difference: UInt8 = 0
            for (a, b) in zip(entry.digest, digest) { difference |= a ^ b }
            if difference == 0 { found = entry }
        }
        return found.map { ($0.caller, $0.name) }
    }
}

/// The tokens file cannot be used; says where.
public struct TokenFileError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
