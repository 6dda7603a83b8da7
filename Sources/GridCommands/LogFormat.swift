import ArgumentParser
import Foundation
import Logging

/// `--log-format`: lines for people, or one JSON object a line for log pipelines.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    func logger(label: String) -> Logger {
        switch self {
        case .text: Logger(label: label)
        case .json: Logger(label: label) { JSONLogHandler(label: $0) }
        }
    }
}

/// One JSON object a line on standard error: time, level, label, message, and every metadata
/// key (the revision, a request id, a site) as a field of its own.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private static let lock = NSLock()

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        if let error = event.error { object["error"] = "\(error)" }
        object["time"] = ISO8601DateFormatter().string(from: Date())
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = event.message.description
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(object) else { return }
        data.append(10)
        Self.lock.withLock { FileHandle.standardError.write(data) }
    }
}
