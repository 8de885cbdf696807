import CNcursesw

/// Whether the terminal `TERM` names can show the dashboard, checked before anything starts: ncurses
/// itself ends the process with a bare "Error opening terminal" for a name this machine has no terminfo
/// entry for, and draws nothing on one that cannot move the cursor (`dumb`).
public enum TerminalSupport {
    /// What terminfo says of a terminal name.
    public enum Entry: Sendable {
        case drawable
        case cannotMoveTheCursor
        case missing
    }

    public enum Choice: Sendable, Equatable {
        case usable
        /// `from` has no entry here; `to`, a close one, does (the caller sets `TERM` to it and says so).
        case fallback(from: String, to: String)
        /// Why the dashboard cannot run on this terminal.
        case unusable(reason: String)
    }

    /// Entries close enough to stand in for a family's names this machine lacks (`xterm-direct`,
    /// `xterm-kitty`, `tmux-direct` are in `ncurses-term`, which minimal systems leave out).
    static let standIns: [(family: String, entry: String)] = [
        ("xterm", "xterm-256color"), ("tmux", "tmux-256color"), ("screen", "screen-256color"),
    ]

    public static func choose(term: String?, entry: (String) -> Entry = terminfoEntry) -> Choice {
        guard let term, !term.isEmpty else { return .unusable(reason: "TERM is not set") }
        switch entry(term) {
        case .drawable: return .usable
        case .cannotMoveTheCursor: return .unusable(reason: "TERM=\(term) cannot move the cursor, which the dashboard needs")
        case .missing:
            let family = String(term.prefix { $0 != "-" })
            if let standIn = standIns.first(where: { $0.family == family })?.entry, standIn != term, entry(standIn) == .drawable {
                return .fallback(from: term, to: standIn)
            }
            return .unusable(reason: "this machine has no terminfo entry for TERM=\(term)")
        }
    }

    /// The machine's terminfo database, as ncurses reads it.
    public static func terminfoEntry(_ name: String) -> Entry {
        switch faxtop_terminfo_entry(name) {
        case 1: return .drawable
        case 0: return .cannotMoveTheCursor
        default: return .missing
        }
    }
}
