import ArgumentParser
import Foundation
import Logging

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, list and remove users, and give them new tokens.",
        subcommands: [AddUser.self, ListUsers.self, RotateToken.self, RemoveUser.self])

    struct AddUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user and print their token.", discussion: "Example:\n  folio-server user add alice")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let name = self.name
            print(try await withReport { try await store.withRepository(logger: quietLogger) { try await $0.addUser(name: name) } })
        }
    }

    struct ListUsers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
        @OptionGroup var store: StoreOptions
        func run() async throws {
            for user in try await withReport({ try await store.withRepository(logger: quietLogger) { try await $0.users() } }) {
                print(user.name)
            }
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Give a user a new token (the old one stops working) and print it.")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let name = self.name
            print(try await withReport { try await store.withRepository(logger: quietLogger) { try await $0.rotateToken(name: name) } })
        }
    }

    struct RemoveUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a user and all their data.")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let name = self.name
            try await withReport { try await store.withRepository(logger: quietLogger) { try await $0.removeUser(name: name) } }
        }
    }
}
