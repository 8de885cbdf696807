import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through ncursesw. Create, use and close it on one thread (the UI thread).
public final class NcursesTerminal: Terminal {
    public private(set) var colorDepth: ColorDepth = .none
    private var previous: CellGrid?
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int16 = 1
    private var themeName = ""
    private let mouse: Bool
    private var closed = false
    private let resizeDescriptor: Int32

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// Takes over the terminal. `color: false` keeps attributes only (`--no-color`, `NO_COLOR`).
    public init(color: Bool, mouse: Bool) {
        setlocale(LC_ALL, "")
        setenv("ESCDELAY", "25", 0)  // Esc should feel instant, not wait a second for a sequence
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(faxtop_stdscr(), true)
        curs_set(0)
        resizeDescriptor = ResizeSignal.install()
        self.mouse = mouse
        if mouse {
            mousemask(faxtop_mouse_mask_all(), nil)
            mouseinterval(0)
        }
        if color, has_colors() {
            start_color()
            use_default_colors()
            colorDepth = faxtop_colors() >= 256 ? .xterm256 : .ansi8
        }
    }

    /// Gives the terminal back as it was. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
    }

    deinit { close() }

    public var size: TerminalSize { TerminalSize(rows: Int(faxtop_lines()), cols: Int(faxtop_cols())) }

    public func draw(_ grid: CellGrid, theme: Theme) {
        if theme.name != themeName {
            themeName = theme.name
            previous = nil
        }
        let full = previous == nil || previous!.rows != grid.rows || previous!.cols != grid.cols
        if full { erase() }
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(grid.cols)
        for row in 0..<grid.rows {
            var changed = [Bool](repeating: full, count: grid.cols)
            if !full {
                for col in 0..<grid.cols where grid[row, col] != previous![row, col] { changed[col] = true }
                // A wide character and its right half are drawn together.
                for col in 0..<grid.cols where changed[col] {
                    if grid[row, col].text == nil, col > 0 { changed[col - 1] = true }
                    if col + 1 < grid.cols, grid[row, col + 1].text == nil { changed[col + 1] = true }
                }
            }
            var col = 0
            while col < grid.cols {
                guard changed[col] else { col += 1; continue }
                let role = grid[row, col].role
                let start = col
                buffer.removeAll(keepingCapacity: true)
                while col < grid.cols, changed[col], grid[row, col].role == role {
                    if let character = grid[row, col].text {
                        for scalar in character.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    col += 1
                }
                let (attrs, pair) = attributes(for: theme.style(role))
                buffer.withUnsafeBufferPointer { pointer in
                    _ = faxtop_put(Int32(row), Int32(start), pointer.baseAddress, Int32(pointer.count), attrs, pair)
                }
            }
        }
        refresh()
        previous = grid
    }

    private func attributes(for style: Theme.Style) -> (attr_t, Int16) {
        var attrs = faxtop_a_normal()
        if style.bold { attrs |= faxtop_a_bold() }
        if style.dim { attrs |= faxtop_a_dim() }
        if style.reverse { attrs |= faxtop_a_reverse() }
        if style.underline { attrs |= faxtop_a_underline() }
        guard colorDepth != .none else { return (attrs, 0) }
        let key = PairKey(foreground: ColorMapping.index(style.foreground, depth: colorDepth),
                          background: ColorMapping.index(style.background, depth: colorDepth))
        if key.foreground == -1 && key.background == -1 { return (attrs, 0) }
        if let pair = pairs[key] { return (attrs, pair) }
        guard Int32(nextPair) < faxtop_color_pairs() else { return (attrs, 0) }
        let pair = nextPair
        nextPair += 1
        init_pair(pair, key.foreground, key.background)
        pairs[key] = pair
        return (attrs, pair)
    }

    /// Straight to the terminal after what curses has buffered, so it neither lands inside a half-drawn
    /// frame nor moves curses' idea of the cursor (a sequence like OSC 52 draws nothing).
    public func writeControlSequence(_ bytes: [UInt8]) {
        fflush(nil)  // every stream: curses writes through stdout's
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { write(1, $0.baseAddress! + written, $0.count - written) }
            if n > 0 { written += n } else if n < 0, errno == EINTR { continue } else { return }
        }
    }

    public func readInput(timeoutMilliseconds: Int, wakeDescriptor: Int32?) -> [InputEvent] {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: resizeDescriptor, events: Int16(POLLIN), revents: 0)]
        if let wake = wakeDescriptor { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), Int32(timeoutMilliseconds))
        // A resize is read like a key: ncurses turns its flag into KEY_RESIZE on the next read.
        let resized = ResizeSignal.drain()
        guard fds[0].revents != 0 || resized else { return [] }
        // A hung-up terminal polls as ready for ever and reads nothing: without this, faxtop started
        // with SIGHUP ignored (nohup, or a parent's signal mask) spun a core after its terminal closed.
        let hangUp = fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
        timeout(0)
        defer { timeout(-1) }
        var events: [InputEvent] = []
        var char: wint_t = 0
        while events.count < 256 {
            let result = faxtop_get_wch(&char)
            if result == faxtop_err() { break }
            if result == faxtop_key_code_yes() {
                if let event = specialKey(Int32(char)) { events.append(event) }
            } else if let event = character(char) {
                events.append(event)
            }
        }
        if events.isEmpty && hangUp { return [.terminalGone] }
        return events
    }

    private func character(_ value: wint_t) -> InputEvent? {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func specialKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case faxtop_key_resize():
            previous = nil
            return .resize
        case faxtop_key_mouse():
            var event = MEVENT()
            guard mouse, getmouse(&event) == OK else { return nil }
            let row = Int(event.y), col = Int(event.x)
            if event.bstate & faxtop_button4_pressed() != 0 { return .wheelUp(row: row, col: col) }
            if event.bstate & faxtop_button5_pressed() != 0 { return .wheelDown(row: row, col: col) }
            if event.bstate & faxtop_button1_any() != 0 { return .click(row: row, col: col) }
            return nil
        default: return nil
        }
    }
}
