import Foundation

/// Writes to a standard stream without buffering surprises between stdout and stderr.
enum FileOutput {
    case standardOutput, standardError

    func write(_ string: String) {
        let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(string.utf8))
    }

    /// `value` as pretty JSON with sorted keys and ISO 8601 dates, and a newline.
    func writeJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
