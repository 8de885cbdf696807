/// Fixed-width text helpers for table columns.
public enum Columns {
    /// `text` padded to exactly `width` columns, cut at the front (`…0147`) when too long: the end of a
    /// phone number tells numbers apart, its country code rarely does.
    public static func fitKeepingEnd(_ text: String, _ width: Int) -> String {
        guard width > 1, CharacterWidth.of(text) > width else { return fit(text, width) }
        var kept = "", used = 0
        for ch in text.reversed() {
            let cw = CharacterWidth.of(ch)
            if used + cw > width - 1 { break }
            kept = String(ch) + kept
            used += cw
        }
        return "…" + String(repeating: " ", count: width - 1 - used) + kept
    }

    /// `text` padded with spaces (or cut with `…`) to exactly `width` columns.
    public static func fit(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let w = CharacterWidth.of(text)
        if w == width { return text }
        if w < width {
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
