extension ObservedSnapshot {
    /// SHA-256 of the snapshot, as 64 hex digits: equal snapshots, equal digests, in any
    /// process. The controller keeps it beside the placement it made with this snapshot.
    public var digest: String {
        var text = ""
        text.reserveCapacity(32 * (pools.count + latencies.count + offline.count))
        for p in pools { text += "p\t\(p.site)\t\(p.gpuModel)\t\(p.used)\n" }
        // Round trips by their bits: the digest tells apart what `==` tells apart.
        for l in latencies { text += "l\t\(l.region)\t\(l.site)\t\(String(l.rttMs.bitPattern, radix: 16))\n" }
        for o in offline { text += "o\t\(o)\n" }
        return ResourceSpec.hash(ofCanonical: text)
    }
}
