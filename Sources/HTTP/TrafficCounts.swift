import Foundation

/// Bytes a transport has moved, as HTTP sees them: request and response headers plus bodies
/// as they travelled (compressed when they were), TLS and TCP framing aside.
package struct TrafficCounts: Sendable, Equatable, Codable {
    package var sent = 0
    package var received = 0

    package init(sent: Int = 0, received: Int = 0) {
        self.sent = sent
        self.received = received
    }
}
