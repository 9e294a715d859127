import ArgumentParser
import Foundation
import Models

/// How long compaction waits for a device it has not seen (`serve`, `compact`, `device list`).
struct CompactionOptions: ParsableArguments {
    @Option(help: "Days a device may stay unseen before it no longer holds compaction back (its purges and note versions).")
    var horizon = Int(ServerCompaction.defaultHorizon / 86_400)

    func validate() throws {
        if horizon < 1 { throw ValidationError("--horizon must be at least 1 (day)") }
    }

    /// The horizon in seconds.
    var seconds: TimeInterval { TimeInterval(horizon) * 86_400 }
}
