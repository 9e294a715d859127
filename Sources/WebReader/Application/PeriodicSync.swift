import Foundation
import Logging
import ServiceLifecycle

/// `folio-web --sync-every 5m`: syncs the library every interval while the reader runs (when
/// logged in; a failed sync is logged and tried again at the next tick). Stops at graceful
/// shutdown.
struct PeriodicSync: Service {
    let interval: Duration
    let logger: Logger
    /// One sync; an error is logged, never fatal.
    let sync: @Sendable () async throws -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    do {
                        try await sync()
                    } catch {
                        logger.warning("background sync failed", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch is CancellationError {
            // Shutting down: the sleep (or a sync between two steps) was cancelled.
        }
    }

    /// An interval as written on the command line: `90s`, `5m`, `2h` (or seconds alone); nil
    /// when it is not one, or under 10 seconds.
    static func interval(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600]
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var unit: Int64 = 1
        if let last = digits.last, let factor = units[last] {
            unit = factor
            digits = digits.dropLast()
        }
        guard let count = Int64(digits), count > 0, count * unit >= 10, count < 1_000_000 else { return nil }
        return .seconds(count * unit)
    }
}
