import Foundation

/// One line of `folio-server device list` (and one object of its `--json`).
struct ListedDevice: Encodable, Equatable {
    var user: String
    var id: String
    var name: String?
    var lastSeen: Date
    /// The sequence up to which the device holds the user's log.
    var acknowledged: Int64
    /// Seen within the horizon and behind the log's end: compaction waits for it.
    var holdsBack: Bool

    init(user: String, record: DeviceRecord, in records: DeviceRecords, now: Date, horizon: TimeInterval) {
        self.user = user
        id = record.id
        name = record.name
        lastSeen = record.acknowledgement.lastSeen
        acknowledged = record.acknowledgement.acknowledged
        holdsBack = records.holdsBack(record, now: now, horizon: horizon)
    }
}
