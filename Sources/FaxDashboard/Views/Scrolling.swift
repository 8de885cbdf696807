/// Keeps a selection inside a scrolled window of `height` rows over `count` items.
public enum Scrolling {
    /// The top row that keeps `selection` visible, moving as little as possible from `top`.
    public static func top(selection: Int, top: Int, height: Int, count: Int) -> Int {
        guard height > 0, count > 0 else { return 0 }
        var t = min(top, max(0, count - height))
        if selection < t { t = selection }
        if selection >= t + height { t = selection - height + 1 }
        return max(0, t)
    }
}
