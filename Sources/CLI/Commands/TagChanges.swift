import ArgumentParser
import Foundation
import Models
import Storage

/// Tag changes as typed: `+name` or `name` adds, `-name` removes.
struct TagChanges {
    var add: [String] = []
    var remove: [String] = []

    init(_ arguments: [String]) {
        for argument in arguments {
            if argument.hasPrefix("-") {
                remove.append(String(argument.dropFirst()))
            } else if argument.hasPrefix("+") {
                add.append(String(argument.dropFirst()))
            } else {
                add.append(argument)
            }
        }
    }
}
