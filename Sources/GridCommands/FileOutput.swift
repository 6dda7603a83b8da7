import Foundation

/// Writes to a standard stream without buffering surprises between stdout and stderr.
enum FileOutput {
    case standardOutput, standardError

    func write(_ string: String) {
        let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(string.utf8))
    }
}
