import Foundation

/// An exclusive lock on a state folder, held by the process that converges the grid from it
/// (`apply`, `serve`): two controllers on one store would each act on a stale picture of
/// what the other did. Released when the process ends, however it ends (flock).
public final class StateLock: Sendable {
    private let fd: Int32

    public init(directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create the state folder \(directory): \(error.localizedDescription)")
        }
        let path = (directory as NSString).appendingPathComponent("lock")
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw StoreError("the state folder \(directory) is in use by another gridops apply or serve"
                             + (holder.isEmpty ? "" : " (pid \(holder))"))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        close(fd)
    }
}
