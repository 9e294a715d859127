import Foundation

/// One entry of the change log: a single mutation of one article or note, as the sync engine
/// pushes it. Every write to the store appends its entries in the same transaction as the data.
package struct Change: Sendable, Hashable, Codable {
    /// What kind of item changed.
    package enum Entity: String, Sendable, Codable, CaseIterable {
        case article
        case note
    }

    /// What happened to it.
    package enum Operation: String, Sendable, Codable, CaseIterable {
        /// The item was created; `value` holds the whole item as JSON.
        case create
        /// One field was set; `field` names it and `value` holds the new value as JSON.
        case update
        /// A tag was added; `value` is the tag as a JSON string.
        case tagAdd
        /// A tag was removed; `value` is the tag as a JSON string.
        case tagRemove
        /// The item was moved to the trash.
        case trash
        /// The item was taken out of the trash.
        case restore
        /// The item was deleted for good (a tombstone).
        case purge
    }

    /// Position in the local log (increasing, assigned by the store).
    package var sequence: Int64
    package var entity: Entity
    package var entityID: String
    package var operation: Operation
    /// The field an `update` sets; nil for other operations.
    package var field: String?
    /// The new value as JSON text; nil when the operation carries none.
    package var value: String?
    package var timestamp: HLCTimestamp

    package init(
        sequence: Int64 = 0, entity: Entity, entityID: String, operation: Operation,
        field: String? = nil, value: String? = nil, timestamp: HLCTimestamp
    ) {
        self.sequence = sequence
        self.entity = entity
        self.entityID = entityID
        self.operation = operation
        self.field = field
        self.value = value
        self.timestamp = timestamp
    }
}
