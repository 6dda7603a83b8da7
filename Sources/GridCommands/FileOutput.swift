import Foundation

/// Writes to a standard stream without buffering surprises between stdout and stderr.
enum FileOutput {
    case standardOutput, standardError

    func write(_ string: String) {
        let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(string.utf8))
    }

    /// `value` as pretty JSON (see `jsonEncoder`), and a newline.
    func writeJSON(_ value: some Encodable) throws {
        write(String(decoding: try jsonEncoder(pretty: true).encode(value), as: UTF8.self) + "\n")
    }
}

/// The encoder of every JSON gridops prints: keys sorted, `/` as it is (never `\/`), and
/// times in RFC 3339 (`2026-12-03T17:31:40Z`), as the API writes them.
func jsonEncoder(pretty: Bool = false) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}

/// `value` as one line of JSON (see `jsonEncoder`).
func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try jsonEncoder().encode(value), as: UTF8.self)
}
