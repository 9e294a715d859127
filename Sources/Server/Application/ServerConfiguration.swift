import Models

/// How `folio-server serve` listens and what requests in flight may hold.
package struct ServerConfiguration: Sendable {
    package var host = "127.0.0.1"
    /// 0 picks a free port (the address is printed).
    package var port = 8080
    /// Seconds a connection may stay silent before it is closed.
    package var idleTimeout = 30
    /// The most connections held open at once.
    package var maxConnections = 1_000
    /// Bytes that push bodies in flight may hold at once (`BodyBudget`).
    package var requestMemory = 256 << 20
    /// Seconds a device may stay unseen before it no longer holds compaction back.
    package var horizon = ServerCompaction.defaultHorizon

    package init() {}
}
