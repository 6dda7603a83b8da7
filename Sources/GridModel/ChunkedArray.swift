/// An array kept in fixed-size chunks that its copies share: a copy changed at one position
/// copies one chunk, not the whole, and two copies compare chunk by chunk, shared chunks by
/// identity. What lets a commit that changes one service of 100,000 patch the previous
/// revision's manifests in microseconds while the previous revision is still in use.
///
/// Reading, writing an element and appending are O(1); replacing a range by one of another
/// length rebuilds the array (O(n)).
public struct ChunkedArray<Element> {
    fileprivate static var shift: Int { 9 }
    fileprivate static var chunkSize: Int { 1 << shift }
    fileprivate static var mask: Int { chunkSize - 1 }

    /// Every chunk is full but the last.
    fileprivate var chunks: [Chunk] = []
    public private(set) var count = 0

    public init() {}

    public init(_ elements: [Element]) {
        chunks.reserveCapacity((elements.count + Self.mask) >> Self.shift)
        var start = 0
        while start < elements.count {
            let end = Swift.min(elements.count, start + Self.chunkSize)
            chunks.append(Chunk(Array(elements[start..<end])))
            start = end
        }
        count = elements.count
    }

    fileprivate final class Chunk: @unchecked Sendable {
        var elements: [Element]

        /// No capacity is reserved: most ChunkedArrays (one file's manifests) hold one element.
        init(_ elements: [Element]) {
            self.elements = elements
        }
    }

    /// Makes chunk `c` this array's own before it is written.
    private mutating func own(_ c: Int) {
        if !isKnownUniquelyReferenced(&chunks[c]) { chunks[c] = Chunk(chunks[c].elements) }
    }
}

// Chunks are written only when uniquely referenced (copy on write, as Array does).
extension ChunkedArray: @unchecked Sendable where Element: Sendable {}

extension ChunkedArray: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "ChunkedArray index out of range")
            return chunks[position >> Self.shift].elements[position & Self.mask]
        }
        set {
            precondition(position >= 0 && position < count, "ChunkedArray index out of range")
            let c = position >> Self.shift
            own(c)
            chunks[c].elements[position & Self.mask] = newValue
        }
    }

    public struct Iterator: IteratorProtocol {
        fileprivate let chunks: [Chunk]
        fileprivate var chunk = 0
        fileprivate var current: [Element] = []
        fileprivate var offset = 0

        public mutating func next() -> Element? {
            while offset == current.count {
                guard chunk < chunks.count else { return nil }
                current = chunks[chunk].elements
                chunk += 1
                offset = 0
            }
            defer { offset += 1 }
            return current[offset]
        }
    }

    public func makeIterator() -> Iterator { Iterator(chunks: chunks) }
}

extension ChunkedArray: RangeReplaceableCollection {
    public mutating func append(_ element: Element) {
        if count & Self.mask == 0 {
            chunks.append(Chunk([element]))
        } else {
            own(chunks.count - 1)
            chunks[chunks.count - 1].elements.append(element)
        }
        count += 1
    }

    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with elements: C) where C.Element == Element {
        if range.count == elements.count {
            for (i, element) in zip(range, elements) { self[i] = element }
        } else if range.lowerBound == count {
            append(contentsOf: elements)
        } else {
            var all = Array(self)
            all.replaceSubrange(range, with: elements)
            self = ChunkedArray(all)
        }
    }
}

extension ChunkedArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension ChunkedArray: Equatable where Element: Equatable {
    /// Chunk by chunk; a chunk two copies share is equal without a look at its elements.
    public static func == (a: ChunkedArray, b: ChunkedArray) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a.chunks, b.chunks) where x !== y {
            guard x.elements == y.elements else { return false }
        }
        return true
    }
}

extension ChunkedArray: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}

extension ChunkedArray: CustomStringConvertible {
    public var description: String { Array(self).description }
}
