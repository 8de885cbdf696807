import ArgumentParser
import FaxDashboard
import Foundation
import Logging

/// The terminal checked before anything listens (like the theme): a close stand-in for a name this
/// machine has no terminfo entry for, said in the log, or one line naming the fix and exit 2.
enum TerminalPreparation {
    static func prepare(logger: Logger) throws {
        switch TerminalSupport.choose(term: ProcessInfo.processInfo.environment["TERM"]) {
        case .usable:
            return
        case .fallback(let from, let to):
            setenv("TERM", to, 1)
            logger.warning("TERM=\(from) has no terminfo entry on this machine (the ncurses-term package has it): drawing as \(to)")
        case .unusable(let reason):
            Stderr.write("faxtop: \(reason): run with --headless for JSON lines, or set TERM=xterm-256color\n")
            throw ExitCode(ToolExitCode.usage)
        }
    }
}
