import Foundation
import Logging
import Models
import ServiceLifecycle

/// Compacts a few items of a user's log after each of their pushes, off the push's path: the
/// push route asks for a step and answers at once; this service takes the steps one after the
/// other (`ServerCompaction.stepAfterPush` items each, one short transaction) and stops on
/// graceful shutdown. A step also refreshes the digest shares pushes made stale, in short
/// transactions of `digestStep` items until none is left, so that a
/// digest request after a long push has little to do. A failed step is logged; its items stay
/// queued for the next one.
package struct CompactionService: Service {
    let repository: any SyncRepository
    /// How long compaction waits for a device it has not seen (`--horizon`).
    let horizon: TimeInterval
    let logger: Logger
    /// The shares of the current digest refreshed in one transaction after a push (about 50 ms
    /// of work), until none is stale: the digest request then refreshes only what the last
    /// pushes left, not a whole long push (a million items took 183 s, past a client's 30 s
    /// stall limit).
    static let digestStep = 256
    private let steps: AsyncStream<ServerUser>
    private let continuation: AsyncStream<ServerUser>.Continuation

    package init(repository: any SyncRepository, horizon: TimeInterval, logger: Logger) {
        self.repository = repository
        self.horizon = horizon
        self.logger = logger
        // Many pushes at once ask for many steps; the newest thousand are enough (what is not
        // taken now waits in the store's queue for the user's next push).
        (steps, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1_000))
    }

    /// Asks for a step of compaction of `user`'s log, and returns at once.
    package func requestStep(for user: ServerUser) {
        continuation.yield(user)
    }

    /// Asks for no more steps: `run` returns once it has taken those already asked for.
    package func finish() {
        continuation.finish()
    }

    package func run() async throws {
        for await user in steps.cancelOnGracefulShutdown() {
            do {
                _ = try await repository.compact(for: user, itemLimit: ServerCompaction.stepAfterPush, now: Date(), horizon: horizon)
                let step = Self.digestStep
                while try await repository.refreshDigestShares(for: user, itemLimit: step) == step, !Task.isShuttingDownGracefully {}
            } catch {
                logger.error("compaction after a push failed", metadata: ["user": "\(user.name)", "error": "\(String(reflecting: error))"])
            }
        }
    }
}
