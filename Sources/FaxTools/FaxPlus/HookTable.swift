import FaxCore

/// How `faxtop hooks list` shows hooks: an aligned table for people, JSON for scripts.
public enum HookTable {
    public static func render(_ hooks: [FaxPlusHook]) -> String {
        if hooks.isEmpty { return "no webhooks registered" }
        let rows = [["ID", "EVENT", "TARGET"]] + hooks.map {
            [TerminalSafeText.make($0.id), TerminalSafeText.make($0.event), TerminalSafeText.make($0.target)]
        }
        let widths = (0..<2).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row[0].padding(widths[0]) + "  " + row[1].padding(widths[1]) + "  " + row[2]
        }.joined(separator: "\n")
    }

    /// `[{"id":…,"event":…,"target":…}]`, one hook per line inside the array.
    public static func json(_ hooks: [FaxPlusHook]) -> String {
        if hooks.isEmpty { return "[]" }
        let lines = hooks.map {
            "  {\"id\":\(JSONText.quote($0.id)),\"event\":\(JSONText.quote($0.event)),\"target\":\(JSONText.quote($0.target))}"
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
