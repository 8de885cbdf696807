/// Glyphs for the frame and markers, with an ASCII set for `--ascii` terminals.
public struct Glyphs: Sendable, Equatable {
    public var sent: String
    public var received: String
    public var other: String
    public var rejected: String
    public var ok: String
    public var fail: String
    public var partial: String
    public var arrow: String
    public var horizontal: String
    public var vertical: String
    public var sparks: [String]
    public var bullet: String

    public static let unicode = Glyphs(
        sent: "↗", received: "↙", other: "•", rejected: "⊘", ok: "✓", fail: "✗", partial: "◐",
        arrow: "→", horizontal: "─", vertical: "│", sparks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], bullet: "●")
    public static let ascii = Glyphs(
        sent: ">", received: "<", other: "*", rejected: "X", ok: "+", fail: "x", partial: "~",
        arrow: "->", horizontal: "-", vertical: "|", sparks: [".", ".", ":", ":", "|", "|", "#", "#"], bullet: "*")

    public func sparkline(_ values: [Int]) -> String {
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: sparks[0], count: values.count) }
        return values.map { v in
            v == 0 ? sparks[0] : sparks[min(sparks.count - 1, 1 + (v * (sparks.count - 2)) / top)]
        }.joined()
    }
}
