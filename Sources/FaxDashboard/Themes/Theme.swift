/// Colours and attributes for every ``StyleRole``.
public struct Theme: Sendable, Equatable {
    public enum Color: Sendable, Equatable, Hashable {
        /// The terminal's own foreground or background.
        case terminalDefault
        /// An xterm palette index 0...255.
        case index(Int)
        case rgb(UInt8, UInt8, UInt8)
    }

    public struct Style: Sendable, Equatable, Hashable {
        public var foreground: Color = .terminalDefault
        public var background: Color = .terminalDefault
        public var bold = false
        public var dim = false
        public var reverse = false
        public var underline = false

        public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault,
                    bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
            self.dim = dim
            self.reverse = reverse
            self.underline = underline
        }
    }

    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: StyleRole) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// The same theme with colours removed (`--no-color`, `NO_COLOR`): attributes carry meaning.
    public func withoutColor() -> Theme {
        var copy = self
        copy.name = name
        for (role, style) in styles {
            var s = style
            s.foreground = .terminalDefault
            s.background = .terminalDefault
            copy.styles[role] = s
        }
        // Outcomes must stay distinguishable without colour.
        copy.styles[.failed, default: Style()].bold = true
        copy.styles[.rejected, default: Style()].reverse = true
        copy.styles[.selected, default: Style()].reverse = true
        copy.styles[.statusBar, default: Style()].reverse = true
        return copy
    }
}
