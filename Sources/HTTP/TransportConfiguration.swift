import Foundation

/// How the transport talks HTTP.
package struct TransportConfiguration: Sendable, Equatable {
    /// Seconds to establish a connection.
    package var connectTimeout: Int
    /// A transfer slower than `lowSpeedBytes` per second for `lowSpeedSeconds` is abandoned.
    package var lowSpeedBytes: Int
    package var lowSpeedSeconds: Int
    /// Answers larger than this many bytes are refused.
    package var maximumResponseBytes: Int
    /// A CA bundle to trust instead of the system's (`--cacert`).
    package var caBundlePath: String?
    package var userAgent: String
    /// Redirects followed (http and https only); 0 follows none (the sync protocol has none).
    package var maximumRedirects: Int
    /// Seconds a whole transfer may take; 0 for no limit (the low-speed limit still applies).
    package var totalTimeout: Int

    package init(
        connectTimeout: Int = 10, lowSpeedBytes: Int = 1, lowSpeedSeconds: Int = 30, maximumResponseBytes: Int = 256 << 20,
        caBundlePath: String? = nil, userAgent: String = "folio/0.1", maximumRedirects: Int = 0, totalTimeout: Int = 0
    ) {
        self.connectTimeout = connectTimeout
        self.lowSpeedBytes = lowSpeedBytes
        self.lowSpeedSeconds = lowSpeedSeconds
        self.maximumResponseBytes = maximumResponseBytes
        self.caBundlePath = caBundlePath
        self.userAgent = userAgent
        self.maximumRedirects = maximumRedirects
        self.totalTimeout = totalTimeout
    }
}
