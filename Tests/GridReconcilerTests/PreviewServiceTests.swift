import Foundation
import GridGit
import GridModel
import GridReconciler
import GridStore
import GridTestSupport
import Logging
import ServiceLifecycle
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Previews run beside the reconcile loop, not in it: a notify receiver that fails or never
/// answers does not hold back the next pass, and shutdown ends its retries. One at a time:
/// each runs a daemon that passes four times a second.
@Suite(.serialized) struct PreviewServiceTests {
    @Test func aFailingReceiverDoesNotHoldThePassesAndShutdownEndsItsRetries() async throws {
        let receiver = try LoopbackReceiver(answer: .status(503))
        defer { receiver.stop() }
        let run = try PreviewRun(receiver: receiver)
        let group = run.start()

        // POST, pass, POST: a pass was posted after the receiver refused the notification, and
        // the notification was tried again after that pass.
        let passedWhileRetrying = await eventually {
            run.posts.value.contains { $0 >= 1 && receiver.requests > $0 }
        }
        #expect(passedWhileRetrying, "passes went on while the preview's notification was retried")
        #expect(try run.store.previews().isEmpty, "the notification is still being retried")

        let ended = await run.shutDown(group)
        #expect(ended, "shutdown ended the retries")
        let after = receiver.requests
        try await Task.sleep(for: .milliseconds(500))
        #expect(receiver.requests == after, "no POST after shutdown")
        #expect(try run.store.previews().isEmpty, "not recorded: the next start sends it again")
    }

    @Test func aReceiverThatNeverAnswersDoesNotHoldThePassesOrShutdown() async throws {
        let receiver = try LoopbackReceiver(answer: .never)
        defer { receiver.stop() }
        let run = try PreviewRun(receiver: receiver)
        let group = run.start()

        let passedWhileWaiting = await eventually { run.posts.value.contains { $0 >= 1 } }
        #expect(passedWhileWaiting, "passes went on while the POST waited for an answer")
        #expect(receiver.requests == 1, "still the first POST, waiting")

        // The POST would wait a minute or more for its answer (URLSession's own limit, whatever
        // the request's): shutdown cancels it, well within the bound `shutDown` allows.
        let ended = await run.shutDown(group)
        #expect(ended, "shutdown cancelled the POST in flight")
    }
}

/// A controller on the bundled grid with one pull request, served by the daemon and the
/// preview service in one ServiceGroup, notifying `receiver`.
private struct PreviewRun {
    let fixture: ControllerFixture
    let board = PassBoard()
    /// For each pass posted, the POSTs the receiver had got by then.
    let posts = Counts()
    let daemon: GridDaemon
    let previews: PreviewService
    var store: GridStore { fixture.store }

    init(receiver: LoopbackReceiver) throws {
        fixture = try ControllerFixture()
        let path = "manifests/tenants/netops/care-chat.yaml"
        var files = fixture.files
        files[path] = files[path]?.replacingOccurrences(of: "replicas: 8", with: "replicas: 10")
        let head = try fixture.repo.repository.commit(files: files.mapValues { .file(Array($0.utf8)) }, message: "more",
                                                      branch: "feature/more")
        try git(["update-ref", "refs/pull/7/head", head], in: fixture.repo.path)

        var logger = Logger(label: "preview-test")
        logger.logLevel = .critical
        let branch = TrackedBranch(repository: fixture.repo.path, branch: "main", stateDirectory: fixture.state.path)
        var watch = PreviewWatch(notifyURL: URL(string: "http://127.0.0.1:\(receiver.port)/hooks"), secret: Array("s3cret".utf8))
        // Retried for as long as it takes, each POST waiting as long as it takes: only shutdown ends it.
        watch.notifyRetry = RetryPolicy(maxAttempts: 1_000_000, backoff: .milliseconds(100), maxBackoff: .milliseconds(200))
        watch.notifyTimeout = .seconds(3_600)
        daemon = GridDaemon(reconciler: fixture.reconciler, branch: branch, interval: .milliseconds(250), once: false,
                            logger: logger, board: board)
        previews = PreviewService(branch: branch, watch: watch, store: fixture.store, directory: fixture.state.path + "/previews",
                                  board: board, interval: .seconds(3_600), logger: logger)
        let posts = self.posts
        board.onPost { _, _ in posts.append(receiver.requests) }
    }

    func start() -> (group: ServiceGroup, finished: AtomicCount) {
        var logger = Logger(label: "preview-test-group")
        logger.logLevel = .critical
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: daemon), .init(service: previews)], logger: logger))
        let finished = AtomicCount()
        Task {
            try? await group.run()
            finished.add()
        }
        return (group, finished)
    }

    /// Shuts the group down gracefully; whether it ended within 20 s (generous: it takes the
    /// pass in flight, well under a second on the bundled grid; a POST that shutdown did not
    /// cancel would hold it a minute).
    func shutDown(_ running: (group: ServiceGroup, finished: AtomicCount)) async -> Bool {
        await running.group.triggerGracefulShutdown()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if running.finished.value > 0 { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// Numbers appended from any thread.
private final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []

    func append(_ n: Int) { lock.withLock { values.append(n) } }
    var value: [Int] { lock.withLock { values } }
}

/// Polls `condition` every 50 ms until it holds or `within` passes; whether it held. The
/// bound is for a machine busy with every other suite: alone, it holds within seconds.
private func eventually(within: Swift.Duration = .seconds(600), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + within
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}

/// An HTTP receiver on loopback that answers every POST with `status`, or never answers
/// (holding the connection open). Counts the connections it accepted.
private final class LoopbackReceiver: @unchecked Sendable {
    enum Answer { case status(Int), never }

    let port: Int
    private let listener: Int32
    private let accepted = AtomicCount()
    private let lock = NSLock()
    private var held: [Int32] = []

    var requests: Int { accepted.value }

    init(answer: Answer) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        guard listener >= 0 else { throw SourceErrorForTests("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, raw, &length) == 0
            }
        }
        guard bound else { throw SourceErrorForTests("bind or listen on loopback: \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve(answer) }
        thread.start()
    }

    private func serve(_ answer: Answer) {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }  // stopped
            accepted.add()
            switch answer {
            case .never:
                lock.withLock { held.append(connection) }
            case .status(let status):
                Self.readRequest(connection)
                let response = "HTTP/1.1 \(status) Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(connection)
            }
        }
    }

    /// Reads the headers and the body their Content-Length announces.
    private static func readRequest(_ connection: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(connection, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            data += buffer[0..<n]
            let text = String(decoding: data, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let length = text[..<end.lowerBound].split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text.utf8.count - text[..<end.upperBound].utf8.count >= length { return }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for connection in lock.withLock({ held }) { close(connection) }
    }
}
