import Foundation

/// How the transport talks HTTP.
public struct TransportConfiguration: Sendable, Equatable {
    /// Seconds to establish a connection.
    public var connectTimeout: Int
    /// A transfer slower than `lowSpeedBytes` per second for `lowSpeedSeconds` is abandoned.
    public var lowSpeedBytes: Int
    public var lowSpeedSeconds: Int
    /// Answers larger than this many bytes are refused.
    public var maximumResponseBytes: Int
    /// A CA bundle to trust instead of the system's (`--cacert`).
    public var caBundlePath: String?
    public var userAgent: String
    /// Redirects followed (http and https only); 0 follows none (the sync protocol has none).
    public var maximumRedirects: Int
    /// Seconds a whole transfer may take; 0 for no limit (the low-speed limit still applies).
    public var totalTimeout: Int

    public init(
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
