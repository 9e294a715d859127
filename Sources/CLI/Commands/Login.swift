import ArgumentParser
import Foundation
import Models
import Storage
import Sync

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Use a sync server: check the URL and token, and remember them.",
        discussion: """
            The token (from `folio-server user add NAME`) is asked for on the terminal without \
            echo; `--token -` reads it from standard input and FOLIO_TOKEN from the environment, \
            so that it is never in `ps` or the shell's history.

            Examples:
              folio login https://folio.example.org
              pass show folio | folio login https://folio.example.org --token -
              FOLIO_TOKEN=folio_3f2a… folio login https://folio.example.org --device-name phone
            """)

    @Argument(help: "The server's URL, as http(s)://host[:port].") var url: String
    @Option(help: "- to read the token from standard input (a token typed here is visible in `ps`; prefer the prompt).")
    var token: String?
    @Option(help: "The name other devices show for this one (default: the host name).") var deviceName: String?
    @Option(help: "A CA bundle to trust for this server (PEM).") var cacert: String?

    @OptionGroup var output: QuietOption

    func validate() throws {
        if let deviceName, !DeviceList.isValidName(deviceName.trimmingCharacters(in: .whitespaces)) {
            throw ValidationError("--device-name takes 1 to \(DeviceList.nameLimit) characters, without control characters")
        }
    }

    func run() async throws {
        guard URLNormalizer.isWebURL(url) else { throw CLIError.usage("\(url) is not an http or https URL") }
        let token = try readToken()
        let name = deviceName?.trimmingCharacters(in: .whitespaces) ?? SyncConfiguration.hostName()
        let configuration = SyncConfiguration(server: url, token: token, caBundle: cacert, deviceName: name)
        try await configuration.service().check()
        try configuration.save()
        output.say("Logged in to \(url) as device \"\(name)\"")
    }

    /// The token from `--token`, standard input (`--token -`), `FOLIO_TOKEN`, or the terminal.
    private func readToken() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let typed: String?
        if token == "-" {
            typed = readLine(strippingNewline: true)
        } else if let token {
            typed = token
        } else if let fromEnvironment = environment["FOLIO_TOKEN"], !fromEnvironment.isEmpty {
            typed = fromEnvironment
        } else if Terminal().stdinIsTTY {
            typed = SecretPrompt.read("Token for \(url): ")
        } else {
            throw CLIError.usage("give the token: on standard input with --token -, or in FOLIO_TOKEN")
        }
        guard let value = typed?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw CLIError.usage("the token is empty; `folio-server user add NAME` prints one")
        }
        return value
    }
}
