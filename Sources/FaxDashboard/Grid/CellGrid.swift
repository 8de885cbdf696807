import FaxCore

/// One screen's worth of cells. Views draw here (pure, testable); only the terminal driver turns
/// a grid into curses calls, and only for the cells that changed since the last frame.
public struct CellGrid: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        /// The grapheme shown; "" in the second column of a wide character.
        public var text: Character?
        public var role: StyleRole

        public static let blank = Cell(text: " ", role: .normal)
    }

    public let rows: Int
    public let cols: Int
    public private(set) var cells: [Cell]

    public init(rows: Int, cols: Int, fill: StyleRole = .normal) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
        cells = Array(repeating: Cell(text: " ", role: fill), count: self.rows * self.cols)
    }

    public subscript(row: Int, col: Int) -> Cell {
        get { cells[row * cols + col] }
        set { cells[row * cols + col] = newValue }
    }

    /// Fills a rectangle's background with a role.
    public mutating func fill(row: Int, col: Int = 0, width: Int? = nil, height: Int = 1, role: StyleRole) {
        let w = width ?? cols - col
        for r in max(0, row)..<min(rows, row + height) {
            for c in max(0, col)..<min(cols, col + w) { self[r, c] = Cell(text: " ", role: role) }
        }
    }

    /// Writes `text` at (row, col), at most `width` columns (default: to the right edge).
    /// Control characters are made visible; text that does not fit ends in `…`; a wide character
    /// never straddles the limit. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, width: Int? = nil, role: StyleRole) -> Int {
        guard row >= 0, row < rows, col < cols else { return 0 }
        let limit = min(width ?? (cols - col), cols - col)
        guard limit > 0 else { return 0 }
        // Only what can be on screen is escaped and measured, however long the value.
        let (safe, cut) = DisplayText.head(text, columns: limit)
        let total = CharacterWidth.of(safe)
        let overflows = cut || total > limit
        let available = overflows ? limit - 1 : limit  // leave room for the ellipsis
        var column = col
        for character in safe {
            let w = CharacterWidth.of(character)
            if w == 0 { continue }
            if column + w > col + available { break }
            self[row, column] = Cell(text: character, role: role)
            if w == 2 { self[row, column + 1] = Cell(text: nil, role: role) }
            column += w
        }
        if overflows {
            self[row, column] = Cell(text: "…", role: role)
            column += 1
        }
        return column - col
    }

    /// Writes `text` right-aligned so that it ends at column `end` (exclusive).
    @discardableResult
    public mutating func putRight(_ text: String, row: Int, end: Int, width: Int, role: StyleRole) -> Int {
        let w = min(width, CharacterWidth.of(DisplayText.head(text, columns: width).text))
        return put(text, row: row, col: end - w, width: width, role: role)
    }

    /// faxtop's own marks that views write in Unicode (separators, ×, arrows, the ellipsis, the prompt's
    /// cursor) replaced by ASCII stand-ins of the same width, for `--ascii`.
    public mutating func replaceNonASCIIMarks() {
        for i in cells.indices {
            guard let text = cells[i].text, let stand = Self.asciiMarks[text] else { continue }
            cells[i].text = stand
        }
    }

    private static let asciiMarks: [Character: Character] = [
        "·": ".", "×": "x", "↓": "v", "↑": "^", "→": ">", "←": "<", "…": "~", "▏": "|", "—": "-",
    ]

    /// The screen as plain text lines (wide characters once, trailing spaces kept), for tests.
    public var lines: [String] {
        (0..<rows).map { r in
            var line = ""
            for c in 0..<cols { if let t = self[r, c].text { line.append(t) } }
            return line
        }
    }

    /// All the text on screen joined by newlines.
    public var text: String { lines.joined(separator: "\n") }
}
