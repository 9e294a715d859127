import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs work that Ctrl-C stops cleanly: SIGINT cancels the work's task (which ends what it
/// is doing and returns or throws as it decides; `folio fetch` keeps every page it stored), and
/// a second Ctrl-C, for when that takes too long, ends the process at once with 130 (every
/// store write is one transaction, so the store stays whole either way).
enum Interruption {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        signal(SIGINT, SIG_IGN)
        let task = Task { try await body() }
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            if task.isCancelled { exit(130) }
            task.cancel()
        }
        interrupt.resume()
        defer {
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try await task.value
    }
}
