import NIOCore

/// Closes a new connection at once when the server already holds `budget.limit` of
/// them, so that descriptors never run out (with 1,100 half-sent requests, `/health` timed out
/// for everyone). Together with the idle timeout, which closes silent connections, normal
/// requests keep being served.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    /// Counts connections (each takes 1).
    let budget: InFlightBudget
    private var counted = false

    init(budget: InFlightBudget) {
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
            budget.give(1)
        }
        context.fireChannelInactive()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        if budget.take(1) {
            counted = true
        } else {
            context.close(promise: nil)
        }
    }
}
