import NIOCore
import Synchronization

/// How many connections the server holds open, and the most it may: shared by every
/// connection's `ConnectionLimitHandler`.
final class ConnectionBudget: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place for a new connection; false when every place is taken.
    func take() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func give() {
        open.subtract(1, ordering: .acquiringAndReleasing)
    }

    var openConnections: Int { open.load(ordering: .relaxed) }
}

/// Closes a new connection at once when the server already holds `ConnectionBudget.limit` of
/// them, so that descriptors never run out (with 1,100 half-sent requests, `/health` timed out
/// for everyone). Together with the idle timeout, which closes silent connections, normal
/// requests keep being served.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let budget: ConnectionBudget
    private var counted = false

    init(budget: ConnectionBudget) {
        self.budget = budget
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            counted = false
            budget.give()
        }
        context.fireChannelInactive()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        if budget.take() {
            counted = true
        } else {
            context.close(promise: nil)
        }
    }
}
