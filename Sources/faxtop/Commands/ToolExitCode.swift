import Foundation

/// Exit codes of faxtop's commands (also in the README and `faxtop hooks --help`).
///
/// 0 success · 1 a receiver answered non-2xx (`send`) · 2 setup needed (no token, no target, unreadable
/// file) · 3 401 · 4 403 · 5 404 · 6 429 · 7 5xx · 8 network failure · 9 other unexpected answer ·
/// 64 bad command line (argument-parser's usage error).
enum ToolExitCode {
    static let usage: Int32 = 2
    static let network: Int32 = 8
}

/// Errors and notes go to stderr; stdout carries only data.
enum Stderr {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
