/// A terminal in memory for tests: it keeps the last frame, counts the cells each draw changed,
/// and replays queued input.
public final class InMemoryTerminal: Terminal {
    public var size: TerminalSize
    public var colorDepth: ColorDepth
    public private(set) var screen: CellGrid
    /// Cells that differed from the previous frame in the last `draw`.
    public private(set) var lastChangedCells = 0
    public private(set) var drawCount = 0
    public var pendingInput: [InputEvent] = []
    /// Every control sequence written, in order.
    public private(set) var controlSequences: [[UInt8]] = []

    public init(rows: Int = 45, cols: Int = 160, colorDepth: ColorDepth = .xterm256) {
        size = TerminalSize(rows: rows, cols: cols)
        self.colorDepth = colorDepth
        screen = CellGrid(rows: rows, cols: cols)
    }

    public func draw(_ grid: CellGrid, theme: Theme) {
        drawCount += 1
        if grid.rows != screen.rows || grid.cols != screen.cols {
            lastChangedCells = grid.rows * grid.cols
        } else {
            lastChangedCells = zip(grid.cells, screen.cells).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
        }
        screen = grid
    }

    public func readInput(timeoutMilliseconds: Int, wakeDescriptor: Int32?) -> [InputEvent] {
        defer { pendingInput.removeAll() }
        return pendingInput
    }

    public func writeControlSequence(_ bytes: [UInt8]) {
        controlSequences.append(bytes)
    }

    /// Changes the size and queues the resize event a real terminal would send.
    public func resize(rows: Int, cols: Int) {
        size = TerminalSize(rows: rows, cols: cols)
        pendingInput.append(.resize)
    }

    /// The screen as text lines.
    public var lines: [String] { screen.lines }
    public var text: String { screen.text }
}
