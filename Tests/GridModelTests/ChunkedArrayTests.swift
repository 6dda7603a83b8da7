import GridModel
import Testing

@Suite struct ChunkedArrayTests {
    /// Sizes around the chunk boundaries (chunks of 512).
    @Test(arguments: [0, 1, 511, 512, 513, 1024, 1500])
    func behavesAsAnArray(count: Int) {
        let reference = Array(0..<count)
        var built = ChunkedArray<Int>()
        for i in reference { built.append(i) }
        #expect(Array(built) == reference)
        #expect(Array(ChunkedArray(reference)) == reference)
        #expect(built == ChunkedArray(reference))
        #expect(built.count == count)
        #expect(built.filter { $0 % 2 == 0 }.count == reference.filter { $0 % 2 == 0 }.count)
        if count > 0 {
            #expect(built[count - 1] == count - 1)
            #expect(built.last == reference.last)
        }
    }

    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let original = ChunkedArray(Array(0..<2000))
        var copy = original
        copy[1000] = -1
        #expect(original[1000] == 1000)
        #expect(copy[1000] == -1)
        #expect(copy != original)
        copy[1000] = 1000
        #expect(copy == original)
        copy.append(2000)
        #expect(original.count == 2000)
        #expect(copy.count == 2001)
        #expect(copy.last == 2000)
    }

    @Test func replacingARangeOfAnotherLengthKeepsOrder() {
        var a = ChunkedArray(Array(0..<1200))
        a.replaceSubrange(100..<600, with: [7, 8])
        var reference = Array(0..<1200)
        reference.replaceSubrange(100..<600, with: [7, 8])
        #expect(Array(a) == reference)
        a.remove(at: 0)
        reference.remove(at: 0)
        #expect(Array(a) == reference)
        a.insert(9, at: 513)
        reference.insert(9, at: 513)
        #expect(Array(a) == reference)
        #expect(a[513] == 9)
    }

    @Test func equalContentHashesEqually() {
        let a = ChunkedArray(Array(0..<700))
        var b = ChunkedArray<Int>()
        for i in 0..<700 { b.append(i) }
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
    }
}
