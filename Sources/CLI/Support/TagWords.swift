import ArgumentParser
import Foundation
import Models
import Storage

/// "3 articles and 1 note".
func describe(_ change: TagChange) -> String {
    switch (change.articles, change.notes) {
    case (_, 0): return counted(change.articles, "article")
    case (0, _): return counted(change.notes, "note")
    default: return "\(counted(change.articles, "article")) and \(counted(change.notes, "note"))"
    }
}

/// "1 article", "2 articles".
func counted(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
