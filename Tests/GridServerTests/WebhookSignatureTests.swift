@testable import GridServer
import Testing

/// `X-Hub-Signature-256` against GitHub's documented example and every malformed header.
@Suite struct WebhookSignatureTests {
    /// From GitHub's "Validating webhook deliveries".
    let signature = WebhookSignature(secret: Array("It's a Secret to Everybody".utf8))
    let body = Array("Hello, World!".utf8)
    let mac = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    @Test func githubsExampleIsValid() {
        #expect(signature.isValid("sha256=" + mac, body: body))
        #expect(signature.isValid("sha256=" + mac.uppercased(), body: body))
    }

    @Test(arguments: [
        ("missing", nil),
        ("empty", ""),
        ("no hex", "sha256="),
        ("other algorithm", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d"),
        ("no prefix", "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        ("odd length", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1"),
        ("short", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e"),
        ("long", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1700"),
        ("not hex", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043ezz"),
        ("signed sign", "sha256=+57107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        ("one bit off", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e16"),
        ("two headers", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17, sha256=00"),
    ] as [(String, String?)])
    func malformedOrWrongFails(_ name: String, _ header: String?) {
        #expect(!signature.isValid(header, body: body), "\(name)")
    }

    @Test func anotherBodyFails() {
        #expect(!signature.isValid("sha256=" + mac, body: Array("Hello, World?".utf8)))
    }

    @Test func emptySecretRejectsEvenItsOwnMAC() {
        let empty = WebhookSignature(secret: [])
        #expect(!empty.isValid(Delivery.sign("Hello, World!", secret: []), body: body))
    }

    @Test func hexDecoding() {
        #expect(WebhookSignature.bytes(hex: Array("00ff7F".utf8)) == [0x00, 0xFF, 0x7F])
        #expect(WebhookSignature.bytes(hex: Array("".utf8)) == [])
        #expect(WebhookSignature.bytes(hex: Array("abc".utf8)) == nil)
        #expect(WebhookSignature.bytes(hex: Array("0g".utf8)) == nil)
    }
}
