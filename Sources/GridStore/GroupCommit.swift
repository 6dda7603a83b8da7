import GRDB

/// Group commit for the journal: writes submitted while a transaction is being committed wait
/// and go together into the next one. Every write is still committed (and, with
/// `synchronous=FULL`, on disk) before its caller goes on, but a thousand sites writing at
/// once cost a handful of fsyncs instead of a thousand.
actor GroupCommit {
    typealias Work = @Sendable (Database) throws -> [Int64]

    private let db: DatabasePool
    private var pending: [(work: Work, done: CheckedContinuation<[Int64], any Error>)] = []
    private var flushing = false

    init(_ db: DatabasePool) {
        self.db = db
    }

    /// Runs `work` in the next shared transaction; returns its result once committed.
    func submit(_ work: @escaping Work) async throws -> [Int64] {
        try await withCheckedThrowingContinuation { done in
            pending.append((work, done))
            if !flushing {
                flushing = true
                Task { await flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let works = batch.map(\.work)
            do {
                let results = try await db.write { db in try works.map { try $0(db) } }
                for (entry, result) in zip(batch, results) { entry.done.resume(returning: result) }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
