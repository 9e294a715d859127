#if canImport(Glibc)
    import Glibc
#endif

/// The memory request bodies in flight may hold at once (`folio-server serve
/// --request-memory`): eight concurrent 60 MB pushes took the server to 970 MB. A request
/// takes its share before its body is read and gives it back when it is done; a request that
/// finds the budget spent is answered `503` with `Retry-After`, which clients retry. One
/// request is always let in when none is in flight, so a body larger than the whole budget
/// still goes through, alone.
package struct BodyBudget: Sendable {
    /// Bytes of bodies in flight.
    let memory: InFlightBudget

    package init(bytes: Int) {
        memory = InFlightBudget(limit: bytes)
    }

    /// What a body may cost while it is read and decoded: the bytes as collected, as `Data`,
    /// and as the decoded strings (three times its size, measured: 16 concurrent 60 MB pushes
    /// peaked at 521 MB with twice), plus the inflated bytes of a gzip body (up to `limit`).
    static func share(contentLength: Int?, gzip: Bool, limit: Int) -> Int {
        let raw = min(contentLength ?? limit, limit)
        return 3 * (raw + (gzip ? limit : 0))
    }

    /// Takes `share` bytes of the budget; false when they are not there.
    func take(_ share: Int) -> Bool { memory.take(share) }

    /// Gives `share` bytes back. When nothing is in flight any more after a large body, the
    /// C allocator is asked to return its free memory to the system (glibc keeps it otherwise:
    /// the server stayed above 880 MB while idle).
    func give(_ share: Int) {
        let left = memory.give(share)
        if left == 0 && share >= 8 << 20 { Self.returnFreeMemory() }
    }

    /// glibc's `malloc_trim(0)` (not in Swift's Glibc module: looked up once by name).
    private static func returnFreeMemory() {
        #if canImport(Glibc)
            typealias Trim = @convention(c) (Int) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
