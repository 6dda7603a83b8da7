import Foundation
import GridDrivers
import GridModel
import GridReconciler
@testable import GridServer
import GridStore
import GridTestSupport
import Hummingbird
import HummingbirdTesting

/// The API over a real controller: the bundled grid in a libgit2 repository, converged by a
/// real reconciler into a store and a simulated world on disk, with drift made out of band.
final class APIFixture: @unchecked Sendable {
    static let admin = "admin-token-0123456789abcdef"
    static let netops = "netops-token-0123456789abcdef"
    static let kabuto = "kabuto-token-0123456789abcdef"
    static let tokens = """
        # name and scope per token
        \(admin),ops,admin
        \(netops),netops-ci,tenant:netops
        \(kabuto),kabuto-ci,tenant:kabuto-robotics
        """

    let repo: TestRepository
    let state = TemporaryDirectory("gridops-api")
    let store: GridStore
    let world: SimulatedWorld
    let board = PassBoard()
    let wakeup = Wakeup()
    let reconciler: Reconciler

    init() throws {
        repo = try TestRepository.bundled()
        store = try GridStore(directory: state.path)
        world = try SimulatedWorld(path: state.path + "/world.sqlite")
        var options = ReconcilerOptions()
        options.backoff = .milliseconds(1)
        reconciler = Reconciler(store: store, drivers: DriverRegistry(world: world), options: options)
    }

    /// Converges, then changes care-chat's replicas at par-regional-1 out of band and runs the
    /// pass that finds it (and heals it).
    func converge(drift: Bool = true, metrics: GridMetrics? = nil) async throws {
        let revisions = GitRevisions(repository: repo.path, revision: "main")
        for _ in 0..<10 where !(try await reconciler.pass(revisions)).converged {}
        if drift {
            try world.modify(site: "par-regional-1", resource: ResourceID(kind: .deployment, tenant: "netops", name: "care-chat"),
                             set: ["replicas": "9"])
        }
        let report = try await reconciler.pass(revisions)
        board.post(report)
        metrics?.record(report)
    }

    func settings(tokens: Bool = true) throws -> ServerSettings {
        ServerSettings(api: GridAPI(board: board, store: store, wakeup: wakeup),
                       tokens: tokens ? try TokenTable(text: Self.tokens, path: "tokens") : nil)
    }

    func app(tokens: Bool = true) throws -> some ApplicationProtocol {
        Application(router: makeRouter(try settings(tokens: tokens)))
    }
}

/// A request's headers with `token` as the bearer.
func bearer(_ token: String?) -> HTTPFields {
    var headers = HTTPFields()
    if let token { headers[.authorization] = "Bearer \(token)" }
    return headers
}

func json(_ buffer: ByteBuffer) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
}
