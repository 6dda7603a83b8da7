import Foundation
import GridServer
import Testing

/// Reading the webhook secret from a file or `$GRIDOPS_WEBHOOK_SECRET`.
@Suite struct WebhookSecretTests {
    /// Writes `contents` to a fresh temporary file and passes its path to `body`.
    func withFile<T>(_ contents: String, _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gridops-secret-\(UUID().uuidString)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test func fileWithTrailingNewline() throws {
        let secret = try withFile("s3cret\r\n\n") { try WebhookSecret.read(file: $0, environment: [:]) }
        #expect(secret == Array("s3cret".utf8))
    }

    @Test func fileWinsOverEnvironment() throws {
        let secret = try withFile("from-file") {
            try WebhookSecret.read(file: $0, environment: ["GRIDOPS_WEBHOOK_SECRET": "from-env"])
        }
        #expect(secret == Array("from-file".utf8))
    }

    @Test func environment() throws {
        let secret = try WebhookSecret.read(file: nil, environment: ["GRIDOPS_WEBHOOK_SECRET": "from-env"])
        #expect(secret == Array("from-env".utf8))
    }

    @Test func neitherMeansNoEndpoint() throws {
        #expect(try WebhookSecret.read(file: nil, environment: [:]) == nil)
    }

    @Test func emptySecretIsAnError() throws {
        try withFile("\n") { path in
            let error = #expect(throws: WebhookSecretError.self) { try WebhookSecret.read(file: path, environment: [:]) }
            #expect(error?.description == "the secret in the file '\(path)' is empty")
        }
        let error = #expect(throws: WebhookSecretError.self) {
            try WebhookSecret.read(file: nil, environment: ["GRIDOPS_WEBHOOK_SECRET": ""])
        }
        #expect(error?.description == "the secret in $GRIDOPS_WEBHOOK_SECRET is empty")
    }

    @Test func unreadableFileIsAnError() {
        let error = #expect(throws: WebhookSecretError.self) {
            try WebhookSecret.read(file: "/nonexistent/gridops-secret", environment: [:])
        }
        #expect(error?.description == "cannot read the secret file '/nonexistent/gridops-secret'")
    }
}
