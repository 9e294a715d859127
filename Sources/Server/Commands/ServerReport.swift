import ArgumentParser
import Foundation
import Logging

/// A logger for the user commands: only errors.
let quietLogger: Logger = {
    var logger = Logger(label: "folio-server")
    logger.logLevel = .error
    return logger
}()

/// Runs `body`; a `ServerError` becomes one line on stderr and exit status 1 (65 for bad
/// names, 66 for an unknown device, 78 for configuration).
func withReport<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ServerError {
        FileHandle.standardError.write(Data("folio-server: \(error)\n".utf8))
        switch error {
        case .invalidName, .userExists, .noSuchUser: throw ExitCode(65)
        case .noSuchDevice: throw ExitCode(66)
        case .unsupportedDatabase, .cannotOpen: throw ExitCode(78)
        case .internalFailure: throw ExitCode(1)
        }
    }
}
