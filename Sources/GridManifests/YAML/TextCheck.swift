/// Checks, before any YAML is read, that a file is UTF-8 text. Returns the 1-based line and
/// column of the first offending byte and what is wrong, or nil when the text is fine.
struct TextProblem: Equatable {
    enum Kind: Equatable { case nul, invalidUTF8 }
    var kind: Kind
    var line: Int
    var column: Int
}

func firstTextProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> TextProblem? {
    var i = 0
    var line = 1
    var lineStart = 0
    let n = bytes.count
    func problem(_ kind: TextProblem.Kind) -> TextProblem {
        TextProblem(kind: kind, line: line, column: i - lineStart + 1)
    }
    while i < n {
        let b = bytes[i]
        if b < 0x80 {
            if b == 0 { return problem(.nul) }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
            continue
        }
        let width: Int
        let minimum: UInt32
        var scalar: UInt32
        switch b {
        case 0xC2...0xDF: width = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
        case 0xE0...0xEF: width = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
        case 0xF0...0xF4: width = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
        default: return problem(.invalidUTF8)
        }
        guard i + width <= n else { return problem(.invalidUTF8) }
        for k in 1..<width {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return problem(.invalidUTF8) }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            return problem(.invalidUTF8)
        }
        i += width
    }
    return nil
}
