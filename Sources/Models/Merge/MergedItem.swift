import Foundation

/// What the merge of an item's known changes makes of it (`MergeState.article(id:)`,
/// `MergeState.note(id:)`).
///
/// A store deletes an item's row only when it is `absent`: an item it cannot read (a change
/// from a newer Folio, or a wrongly typed value) keeps its last good row.
package enum MergedItem<Item> {
    /// Nothing is known of the item but a purge, or it was purged (nothing written after).
    case absent
    /// Some fields are known, but not all the item needs: its creation has not arrived yet.
    case incomplete
    /// The item, put together from its merged fields.
    case present(Item)
    /// The item's merged fields do not decode (`reason` says why): an enum value or a type
    /// this version of Folio does not know.
    case unreadable(reason: String)

    /// The item when it is present.
    package var item: Item? {
        if case .present(let item) = self { return item }
        return nil
    }

    /// The same outcome with the item transformed.
    package func map<Other>(_ transform: (Item) throws -> Other) rethrows -> MergedItem<Other> {
        switch self {
        case .absent: return .absent
        case .incomplete: return .incomplete
        case .present(let item): return .present(try transform(item))
        case .unreadable(let reason): return .unreadable(reason: reason)
        }
    }
}

extension MergedItem: Sendable where Item: Sendable {}
extension MergedItem: Equatable where Item: Equatable {}
