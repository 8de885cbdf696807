/// A screen the dashboard draws on and reads keys from: ncurses for real, in-memory for tests.
/// All calls happen on the UI thread.
public protocol Terminal: AnyObject {
    /// Current size in rows and columns.
    var size: TerminalSize { get }
    /// Shows `grid`, sending only the cells that differ from the previous frame.
    func draw(_ grid: CellGrid, theme: Theme)
    /// Waits up to `timeoutMilliseconds` for input or a wake-up on `wakeDescriptor`, then returns
    /// whatever input is ready (possibly nothing).
    func readInput(timeoutMilliseconds: Int, wakeDescriptor: Int32?) -> [InputEvent]
    /// What colours the terminal can show.
    var colorDepth: ColorDepth { get }
    /// Writes a control sequence for the terminal itself, not the screen (OSC 52, the clipboard).
    func writeControlSequence(_ bytes: [UInt8])
}

public struct TerminalSize: Equatable, Sendable {
    public var rows: Int
    public var cols: Int

    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }
}

/// How many colours a terminal offers; theme colours are mapped down to it.
public enum ColorDepth: Sendable, Equatable {
    case none
    case ansi8
    case xterm256
}

/// One thing the user did.
public enum InputEvent: Equatable, Sendable {
    case character(Character)
    case key(SpecialKey)
    /// A mouse click at (row, col), or the wheel.
    case click(row: Int, col: Int)
    case wheelUp(row: Int, col: Int)
    case wheelDown(row: Int, col: Int)
    case resize
    /// The terminal went away (hung up, closed): there is no one left to show anything to.
    case terminalGone
}

public enum SpecialKey: Equatable, Sendable {
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case ctrl(Character)
}
