import Synchronization

/// How much of something requests in flight hold (connections, bytes of bodies), against a
/// limit; shared by every connection and request, lock-free.
final class InFlightBudget: Sendable {
    let limit: Int
    private let taken = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `amount`; false when that would pass the limit. When nothing is taken, any
    /// amount is let in, so that one request larger than the whole budget still goes through,
    /// alone.
    func take(_ amount: Int) -> Bool {
        var current = taken.load(ordering: .relaxed)
        while current == 0 || current + amount <= limit {
            let (exchanged, original) = taken.compareExchange(
                expected: current, desired: current + amount, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives `amount` back; returns what is still taken.
    @discardableResult
    func give(_ amount: Int) -> Int {
        taken.subtract(amount, ordering: .acquiringAndReleasing).newValue
    }
}
