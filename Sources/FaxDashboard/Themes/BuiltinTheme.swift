extension Theme {
    /// The default dark theme, compiled in so an installed binary always starts
    /// (`themes/default.toml` says the same in the theme file format).
    public static let builtinDefault: Theme = {
        typealias S = Theme.Style
        let fg = Color.rgb(0xD8, 0xDE, 0xE9), muted = Color.rgb(0x7A, 0x84, 0x98)
        let bar = Color.rgb(0x2E, 0x34, 0x40), sel = Color.rgb(0x3B, 0x42, 0x52)
        let green = Color.rgb(0xA3, 0xBE, 0x8C), red = Color.rgb(0xBF, 0x61, 0x6A)
        let yellow = Color.rgb(0xEB, 0xCB, 0x8B), blue = Color.rgb(0x81, 0xA1, 0xC1)
        let cyan = Color.rgb(0x88, 0xC0, 0xD0), magenta = Color.rgb(0xB4, 0x8E, 0xAD)
        let orange = Color.rgb(0xD0, 0x87, 0x70)
        return Theme(name: "default", styles: [
            .normal: S(foreground: fg),
            .dim: S(foreground: muted),
            .header: S(foreground: fg, background: bar),
            .headerAccent: S(foreground: cyan, background: bar, bold: true),
            .warning: S(foreground: yellow, background: bar, bold: true),
            .border: S(foreground: muted),
            .title: S(foreground: muted, bold: true),
            .titleActive: S(foreground: cyan, bold: true),
            .selected: S(foreground: fg, background: sel, bold: true),
            .selectedInactive: S(foreground: cyan, underline: true),
            .columnHeader: S(foreground: muted, underline: true),
            .sent: S(foreground: blue),
            .received: S(foreground: cyan),
            .otherEvent: S(foreground: magenta),
            .succeeded: S(foreground: green),
            .partial: S(foreground: yellow),
            .failed: S(foreground: red, bold: true),
            .noCredit: S(foreground: orange, bold: true),
            .rejected: S(foreground: red),
            .retry: S(foreground: yellow),
            .duplicate: S(foreground: magenta),
            .changed: S(foreground: yellow, background: sel, bold: true),
            .statusBar: S(foreground: fg, background: bar),
            .key: S(foreground: cyan, background: bar, bold: true),
            .filterBar: S(foreground: fg, background: sel),
            .error: S(foreground: red, background: sel, bold: true),
            .jsonKey: S(foreground: blue),
            .jsonString: S(foreground: green),
            .jsonNumber: S(foreground: magenta),
            .jsonLiteral: S(foreground: orange),
            .jsonPunctuation: S(foreground: muted),
            .sparkline: S(foreground: cyan),
        ])
    }()
}
