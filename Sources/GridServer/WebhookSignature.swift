import Crypto
import Foundation

/// GitHub's `X-Hub-Signature-256` check: the header is `sha256=` and the hex HMAC-SHA256 of the
/// raw body keyed with the hook's secret. The MAC is compared in constant time; a missing header,
/// another prefix, bad hex or a MAC of the wrong length fails, and so does everything when the
/// secret is empty (a MAC keyed with nothing proves nothing).
struct WebhookSignature: Sendable {
    private let secret: [UInt8]

    init(secret: [UInt8]) {
        self.secret = secret
    }

    /// True when `header` signs `body` with this secret.
    func isValid(_ header: String?, body: [UInt8]) -> Bool {
        guard !secret.isEmpty, let header, header.hasPrefix(Self.prefix),
              let mac = Self.bytes(hex: header.utf8.dropFirst(Self.prefix.utf8.count)),
              mac.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: secret))
    }

    private static let prefix = "sha256="

    /// The bytes `hex` spells (either case), or nil when it is not an even run of hex digits.
    static func bytes(hex: some Collection<UInt8>) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var high: UInt8?
        for char in hex {
            guard let nibble = nibble(char) else { return nil }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
