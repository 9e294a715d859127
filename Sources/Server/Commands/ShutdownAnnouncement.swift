import Foundation
import Logging

/// Logs the start of a graceful shutdown. Hummingbird's service group handles SIGTERM and
/// SIGINT (it stops accepting connections and lets requests in flight finish); these extra
/// dispatch sources only say so in the log, which operators (and the shutdown test) watch.
enum ShutdownAnnouncement {
    static func install(logger: Logger) -> [any DispatchSourceSignal] {
        [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)  // the dispatch source, not the default action, handles it
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.info("shutting down: no new connections, requests in flight finish first", metadata: ["signal": "\(name)"])
            }
            source.resume()
            return source
        }
    }
}
