import ArgumentParser
import Foundation
import Models
import Storage

/// "article 0193a4b2" or "note 0193a4c7", with the short id.
func describe(_ item: ItemID, in store: Store) throws -> String {
    switch item {
    case .article(let id): return "article \(try store.shortIDs([id])[id] ?? id)"
    case .note(let id): return "note \(try store.shortIDs([id])[id] ?? id)"
    }
}
