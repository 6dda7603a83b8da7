internal import CGit2
import GridModel

/// A libgit2 call failed. Carries the operation and libgit2's own message.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var operation: String
    public var message: String

    public var description: String { "\(operation): \(message)" }

    /// libgit2 reports "not found" for unknown revisions and missing repositories.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// Makes sure libgit2 is initialized once per process, before the first call.
let libgit2Ready: Bool = {
    git_libgit2_init()
    _ = gridops_git_disable_owner_validation()
    return true
}()

/// The one error check around every libgit2 call. libgit2's error state is per thread, so it
/// is read right here, synchronously, on the thread that made the call.
@discardableResult
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
    guard result < 0 else { return result }
    let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
    throw GitError(code: result, operation: operation(), message: message ?? "libgit2 error \(result)")
}

extension git_oid {
    /// 40 hex digits.
    var hex: String {
        withUnsafeBytes(of: id) { Hex.string($0) }
    }

    init?(hex: String) {
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }
}
