import Foundation

/// Where `serve` finds a webhook secret (GitHub's, or the one that signs preview notifications):
/// a file (for secrets mounted by an orchestrator) or an environment variable.
public enum WebhookSecret {
    public static let environmentVariable = "GRIDOPS_WEBHOOK_SECRET"

    /// The secret in `file` when given (trailing newlines trimmed), else in `$variable` of
    /// `environment` (the process's by default); nil when neither is set. An unreadable file or
    /// an empty secret throws.
    public static func read(
        file: String?, variable: String = environmentVariable, environment: [String: String]? = nil
    ) throws(WebhookSecretError) -> [UInt8]? {
        var secret: [UInt8]
        let origin: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw WebhookSecretError(description: "cannot read the secret file '\(file)'")
            }
            secret = Array(data)
            while let last = secret.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
                secret.removeLast()
            }
            origin = "the file '\(file)'"
        } else if let value = (environment ?? ProcessInfo.processInfo.environment)[variable] {
            secret = Array(value.utf8)
            origin = "$\(variable)"
        } else {
            return nil
        }
        guard !secret.isEmpty else {
            throw WebhookSecretError(
                description: "the secret in \(origin) is empty")
        }
        return secret
    }
}

/// The webhook secret could not be read; says where it was looked for.
public struct WebhookSecretError: Error, Equatable, CustomStringConvertible {
    public var description: String
}
