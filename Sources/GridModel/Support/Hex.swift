/// Bytes as lowercase hexadecimal digits, two a byte: spec hashes, git object ids, HMACs.
/// The one hex encoder of the package (it is on hot paths: every spec hash, every blob id).
public enum Hex {
    public static func string(_ bytes: some Collection<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { digits in
            String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
                var i = 0
                for byte in bytes {
                    buffer[i] = digits[Int(byte >> 4)]
                    buffer[i + 1] = digits[Int(byte & 0xF)]
                    i += 2
                }
                return i
            }
        }
    }
}
