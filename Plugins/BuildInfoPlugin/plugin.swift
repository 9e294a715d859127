import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` before every build: the git commit the sources were built from
/// (`git describe`-style: 12 hex digits, `-dirty` when the tree has uncommitted changes), or
/// "unknown" outside a git checkout. `--version` of both executables prints it.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let file = output.appending(path: "BuildCommit.swift").path()
        let package = context.package.directoryURL.path()
        // Rewritten only when the commit changes, so that builds stay incremental.
        let script = """
            set -u
            mkdir -p "$2"
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
                commit="$commit-dirty"
            fi
            text="/// The git commit of this build (written by BuildInfoPlugin).
            package let buildCommit = \\"$commit\\""
            if [ ! -f "$3" ] || [ "$(cat "$3")" != "$text" ]; then printf '%s\\n' "$text" > "$3"; fi
            """
        return [
            .prebuildCommand(
                displayName: "Recording the git commit",
                executable: URL(filePath: "/bin/sh"),
                arguments: ["-c", script, "sh", package, output.path(), file],
                outputFilesDirectory: output)
        ]
    }
}
