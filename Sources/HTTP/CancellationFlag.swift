import Synchronization

/// A flag set from any thread when the calling task is cancelled.
final class CancellationFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
