import Storage

/// How `folio-web` runs: where it listens, and the password that guards it off loopback.
package struct WebReaderConfiguration: Sendable {
    package var host: String
    package var port: Int
    /// The password of the login page; nil: no login (loopback only).
    package var password: String?
    /// Seconds a page fetch (Add by URL) may take.
    package var fetchTimeout: Int
    /// Where the sync configuration of `folio login` is (the Sync button reads it).
    package var paths: FolioPaths
    /// How often to sync in the background (`--sync-every`); nil: only with the button.
    package var syncEvery: Duration?

    package init(
        host: String = "127.0.0.1", port: Int = 8080, password: String? = nil, fetchTimeout: Int = 30, paths: FolioPaths = .current(),
        syncEvery: Duration? = nil
    ) {
        self.syncEvery = syncEvery
        self.host = host
        self.port = port
        self.password = password
        self.fetchTimeout = fetchTimeout
        self.paths = paths
    }

    /// Whether `host` only accepts connections from this machine.
    package static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        return lowered == "localhost" || lowered == "::1" || lowered == "[::1]" || lowered.hasPrefix("127.")
    }

    /// Whether the pages ask for the password first.
    package var requiresLogin: Bool { password != nil }
}
