/// A terminal screen as tmux's `capture-pane -p -e` gives it: every row's characters with the colours
/// and attributes they are drawn in, as a user sees them. tmux writes the cells' styles as SGR
/// sequences (`ESC [ … m`) only, and a style carries over line ends.
struct StyledScreen {
    struct Style: Hashable, CustomStringConvertible {
        /// nil: the terminal's default colour; otherwise the SGR colour as tmux wrote it: `31`, `91`,
        /// `5;110` (one of 256), `2;40;42;54` (RGB).
        var foreground: String?
        var background: String?
        var bold = false, dim = false, italic = false, underline = false, blink = false, reverse = false
        var hidden = false, strikethrough = false

        var hasColour: Bool { foreground != nil || background != nil }

        var description: String {
            var parts: [String] = []
            if let foreground { parts.append("fg \(foreground)") }
            if let background { parts.append("bg \(background)") }
            for (on, name) in [(bold, "bold"), (dim, "dim"), (italic, "italic"), (underline, "underline"), (blink, "blink"),
                               (reverse, "reverse"), (hidden, "hidden"), (strikethrough, "strikethrough")] where on {
                parts.append(name)
            }
            return parts.isEmpty ? "plain" : parts.joined(separator: " ")
        }
    }

    struct Cell {
        var character: Character
        var style: Style
    }

    let rows: [[Cell]]
    /// The parameters of every SGR sequence in the capture, in order (`"38;5;110"`, `"0"`, `"1;7"`).
    let sgrSequences: [String]
    /// Escape sequences that are not SGR (tmux writes none into a capture: any here is a parsing surprise).
    let otherEscapes: [String]

    /// The rows as plain text.
    var lines: [String] { rows.map { String($0.map(\.character)) } }

    /// The rows as plain text, trailing blanks cut (as `capture-pane` without `-e` gives them).
    var trimmedLines: [String] {
        lines.map { line in
            var line = Substring(line)
            while line.last == " " { line = line.dropLast() }
            return String(line)
        }
    }

    /// Every style a character on the screen is drawn in.
    var styles: Set<Style> { Set(rows.flatMap { $0.map(\.style) }) }

    init(_ capture: String) {
        var rows: [[Cell]] = [[]]
        var sgr: [String] = [], other: [String] = []
        var style = Style()
        var characters = capture.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\n":
                rows.append([])
            case "\u{1B}":
                guard let introducer = characters.next() else { other.append("ESC"); break }
                if introducer == "[" {
                    var body = ""
                    while let next = characters.next() {
                        if let ascii = next.asciiValue, (0x40...0x7E).contains(ascii) {
                            if next == "m" { sgr.append(body); Self.apply(body, to: &style) } else { other.append("[" + body + String(next)) }
                            break
                        }
                        body.append(next)
                    }
                } else {
                    other.append(String(introducer))
                }
            default:
                rows[rows.count - 1].append(Cell(character: character, style: style))
            }
        }
        if capture.hasSuffix("\n") { rows.removeLast() }
        self.rows = rows
        sgrSequences = sgr
        otherEscapes = other
    }

    /// The first row containing `text`.
    func row(containing text: String) -> Int? {
        lines.firstIndex { $0.contains(text) }
    }

    /// The styles of the characters of `text` where it first appears in `row` (or on the screen).
    func styles(of text: String, inRow row: Int? = nil) -> [Style]? {
        for index in row.map({ [$0] }) ?? Array(rows.indices) where index < rows.count {
            let characters = rows[index].map(\.character)
            let wanted = Array(text)
            guard wanted.count <= characters.count else { continue }
            for start in 0...(characters.count - wanted.count) where Array(characters[start..<(start + wanted.count)]) == wanted {
                return rows[index][start..<(start + wanted.count)].map(\.style)
            }
        }
        return nil
    }

    /// The style `text` is drawn in where it first appears in `row` (or on the screen), when all of
    /// its characters share one.
    func style(of text: String, inRow row: Int? = nil) -> Style? {
        guard let styles = styles(of: text, inRow: row), let first = styles.first,
              styles.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// The rows among `candidates` drawn as a selection: their first character has a background colour
    /// or is in reverse video (no other list row has either in the shipped themes or without colour).
    func highlightedRows(_ candidates: Range<Int>) -> [Int] {
        candidates.filter { index in
            guard index < rows.count, let first = rows[index].first else { return false }
            return first.style.background != nil || first.style.reverse
        }
    }

    /// The SGR sequences that set a colour (foreground or background, 8, 16, 256 or RGB) rather than an
    /// attribute or the terminal's default colour.
    var colourSequences: [String] {
        sgrSequences.filter { body in
            var probe = Style()
            Self.apply(body, to: &probe)
            return probe.hasColour
        }
    }

    private static func apply(_ body: String, to style: inout Style) {
        let parameters = body.split(separator: ";", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ":", omittingEmptySubsequences: false) }
            .map { Int($0) ?? 0 }
        var i = 0
        func colour() -> String? {
            // 38/48 ; 5 ; N  or  38/48 ; 2 ; R ; G ; B
            guard i + 1 < parameters.count else { return nil }
            if parameters[i + 1] == 5, i + 2 < parameters.count {
                defer { i += 2 }
                return "5;\(parameters[i + 2])"
            }
            if parameters[i + 1] == 2, i + 4 < parameters.count {
                defer { i += 4 }
                return "2;\(parameters[i + 2]);\(parameters[i + 3]);\(parameters[i + 4])"
            }
            return nil
        }
        while i < parameters.count {
            let p = parameters[i]
            switch p {
            case 0: style = Style()
            case 1: style.bold = true
            case 2: style.dim = true
            case 3: style.italic = true
            case 4, 21: style.underline = true
            case 5, 6: style.blink = true
            case 7: style.reverse = true
            case 8: style.hidden = true
            case 9: style.strikethrough = true
            case 22: style.bold = false; style.dim = false
            case 23: style.italic = false
            case 24: style.underline = false
            case 25: style.blink = false
            case 27: style.reverse = false
            case 28: style.hidden = false
            case 29: style.strikethrough = false
            case 30...37, 90...97: style.foreground = "\(p)"
            case 38: style.foreground = colour()
            case 39: style.foreground = nil
            case 40...47, 100...107: style.background = "\(p)"
            case 48: style.background = colour()
            case 49: style.background = nil
            case 58: _ = colour()  // underline colour: not a colour of the text
            default: break
            }
            i += 1
        }
    }
}
