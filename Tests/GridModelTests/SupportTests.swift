import GridModel
import Testing

/// The shared helpers: one hex encoder, one counter, one bounded concurrent map.
@Suite struct SupportTests {
    @Test func hexIsTwoLowercaseDigitsPerByte() {
        #expect(Hex.string([UInt8]()) == "")
        #expect(Hex.string([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        // SHA-256 of the empty encoding, the standard test vector.
        #expect(ResourceSpec.hash(ofCanonical: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func atomicCountAddsFromManyTasks() async {
        let count = AtomicCount()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { count.add() } }
        }
        #expect(count.add(5) == 105)
        #expect(count.value == 105)
    }

    @Test func concurrentMapKeepsInputOrderAndItsLimit() async {
        let running = AtomicCount(), overLimit = AtomicCount()
        let doubled = await concurrentMap(Array(0..<40), limit: 3) { n -> Int in
            if running.add() > 3 { overLimit.add() }
            await Task.yield()
            running.add(-1)
            return n * 2
        }
        #expect(doubled == (0..<40).map { $0 * 2 })
        #expect(overLimit.value == 0)
        #expect(await concurrentMap([Int](), limit: 4) { $0 }.isEmpty)
    }
}
