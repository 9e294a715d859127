import Models

/// A device the server knows for a user, with what compaction waits for
/// (`folio-server device list`).
package struct DeviceRecord: Sendable, Hashable {
    package var id: String
    /// Nil for a device that never sent one (an older Folio, or one that only pulled).
    package var name: String?
    package var acknowledgement: DeviceAcknowledgement

    package init(id: String, name: String?, acknowledgement: DeviceAcknowledgement) {
        self.id = id
        self.name = name
        self.acknowledgement = acknowledgement
    }
}
