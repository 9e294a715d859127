import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a secret typed at the terminal without echoing it, as `ssh` and `sudo` do: echo is
/// turned off on the terminal for the one line, and turned back on afterwards, also when the
/// user presses Ctrl-C (then the process exits with 130, as shells report SIGINT).
enum SecretPrompt {
    /// The line typed after `prompt` (on standard error), or nil at end of input.
    static func read(_ prompt: String) -> String? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            DescriptorWriter.write(prompt, to: STDERR_FILENO)
            return readLine()
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        // Ctrl-C while echo is off: put the terminal back before exiting. The handler runs on a
        // dispatch queue while this thread waits in read(2).
        let original = saved
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            var restore = original
            tcsetattr(STDIN_FILENO, TCSANOW, &restore)
            DescriptorWriter.write("\n", to: STDERR_FILENO)
            exit(130)
        }
        interrupt.resume()
        defer {
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
        }
        // Echo goes off before the prompt shows, so nothing typed after the prompt is echoed;
        // TCSANOW keeps what was already typed (TCSAFLUSH would drop it).
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        DescriptorWriter.write(prompt, to: STDERR_FILENO)
        return readLine(strippingNewline: true)
    }
}
