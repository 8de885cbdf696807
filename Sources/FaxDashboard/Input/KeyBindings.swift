/// Every key the dashboard understands, for the help overlay and the status bar.
public enum KeyBindings {
    public static let all: [(keys: String, action: String)] = [
        ("j / k  ↓ / ↑", "move the selection"),
        ("PgDn / PgUp", "move a page"),
        ("g / G", "first / last (G turns follow on)"),
        ("Tab / Shift-Tab", "next / previous pane (Feed, Numbers, Chains); the focus in the overview"),
        ("v", "overview (all three panes, from 140×40) or one pane at a time"),
        ("Enter", "detail: the delivery, the number (its faxes), the chain's newest attempt"),
        ("Esc", "close detail, help or the filter prompt"),
        ("/", "filter (e.g. event:sent status:failed number:1555 !is:dup)"),
        (":", "goto 14:30 | 2026-12-01 | -2h · filter … · theme NAME · export FILE.csv"),
        ("e", "cycle event filter: all, sent, received, rejected"),
        ("n", "filter to the selected row's number"),
        ("c", "filter to the selected row's retry chain"),
        ("o / O", "next / previous attempt of the same fax (data.id)"),
        ("d", "diff: this attempt beside the one before it (Chains: the last two)"),
        ("y / Y", "copy the payload (pretty JSON) / the fax id to the clipboard (OSC 52)"),
        ("f", "follow mode on / off"),
        ("s", "cycle sort of the Numbers pane"),
        ("t", "cycle themes"),
        ("x", "clear the filter"),
        ("?", "this help"),
        ("q  Ctrl-C", "quit"),
        ("mouse", "click: focus a pane, select a row, sort by a Numbers title; wheel scrolls"),
    ]

    /// The short hints for the status bar, by context.
    static func hints(for state: ViewState, overview: Bool = false) -> [(String, String)] {
        if state.filterPrompt != nil { return [("Enter", "keep"), ("Esc", "cancel")] }
        if state.commandPrompt != nil { return [("Enter", "run"), ("Esc", "cancel")] }
        if state.helpOpen { return [("Esc", "close help"), ("q", "quit")] }
        if state.diff != nil { return [("j/k", "scroll"), ("Esc", "back"), ("q", "quit")] }
        if state.detailOpen { return [("j/k", "next/prev"), ("PgUp/PgDn", "scroll"), ("o/O", "attempts"), ("Esc", "back"), ("q", "quit")] }
        var hints = [("j/k", "move"), ("Enter", "detail"), ("/", "filter"), ("e", "event"), ("Tab", overview ? "focus" : "pane")]
        switch state.pane {
        case .feed: hints += [("n", "number"), ("c", "chain"), ("f", state.follow ? "follow:on" : "follow:off")]
        case .numbers: hints += [("n", "number"), ("s", "sort")]
        case .chains: hints += [("c", "chain")]
        }
        hints += [("t", "theme"), ("?", "help"), ("q", "quit")]
        return hints
    }
}
