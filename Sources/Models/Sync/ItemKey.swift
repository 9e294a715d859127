/// One article or note, as the change log names it: compaction works item by item.
package struct ItemKey: Sendable, Hashable {
    package var entity: Change.Entity
    package var id: String

    package init(entity: Change.Entity, id: String) {
        self.entity = entity
        self.id = id
    }

    /// The item a change is about.
    package init(_ change: Change) {
        self.init(entity: change.entity, id: change.entityID)
    }
}
