/// Fixed-width text helpers for table columns. Their output is terminal-safe; their cost is bounded
/// by the width, not by the text (see ``DisplayText``).
public enum Columns {
    /// `text` padded to exactly `width` columns, cut at the front (`…0147`) when too long: the end of a
    /// phone number tells numbers apart, its country code rarely does.
    public static func fitKeepingEnd(_ text: String, _ width: Int) -> String {
        guard width > 1 else { return fit(text, width) }
        let whole = DisplayText.tail(text, columns: width)
        guard whole.cut else { return fit(whole.text, width) }
        let kept = DisplayText.tail(text, columns: width - 1).text  // from the original: never half a stand-in
        let used = CharacterWidth.of(kept)
        return "…" + String(repeating: " ", count: max(0, width - 1 - used)) + kept
    }

    /// `text` padded with spaces (or cut with `…`) to exactly `width` columns.
    public static func fit(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let (text, cut) = DisplayText.head(text, columns: width)
        let w = CharacterWidth.of(text)
        if w == width, !cut { return text }
        if w < width, !cut {
            let pad = String(repeating: " ", count: width - w)
            return alignRight ? pad + text : text + pad
        }
        var out = "", used = 0
        for ch in text {
            let cw = CharacterWidth.of(ch)
            if used + cw > width - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + String(repeating: " ", count: width - 1 - used) + "…"
    }
}
