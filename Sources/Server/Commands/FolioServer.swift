import ArgumentParser
import BuildInfo
import Foundation

/// `folio-server`: the self-hosted sync server of Folio (the executable only runs it).
package struct FolioServer: AsyncParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "folio-server",
        abstract: "The Folio sync server.",
        discussion: """
            Examples:
              folio-server user add alice          # prints alice's token
              folio-server serve --host 127.0.0.1 --port 8080
              folio-server device list             # what each device acknowledged
              folio-server compact                 # compact every log now
            """,
        version: "folio-server \(BuildInfo.description)",
        subcommands: [Serve.self, UserCommand.self, DeviceCommand.self, CompactCommand.self])

    /// Parses the arguments and runs the command (`AsyncParsableCommand`'s own `main`, which a
    /// call from another module's top-level code would not pick over the synchronous one).
    package static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
