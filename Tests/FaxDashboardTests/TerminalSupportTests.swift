import FaxDashboard
import Testing

@Suite struct TerminalSupportTests {
    static func lookup(_ entries: [String: TerminalSupport.Entry]) -> (String) -> TerminalSupport.Entry {
        { entries[$0] ?? .missing }
    }

    @Test func aNameWithoutAnEntryFallsBackToItsFamilysCommonOne() {
        let here = Self.lookup(["xterm-256color": .drawable, "tmux-256color": .drawable, "dumb": .cannotMoveTheCursor])
        #expect(TerminalSupport.choose(term: "xterm-256color", entry: here) == .usable)
        #expect(TerminalSupport.choose(term: "xterm-direct", entry: here) == .fallback(from: "xterm-direct", to: "xterm-256color"))
        #expect(TerminalSupport.choose(term: "tmux-direct", entry: here) == .fallback(from: "tmux-direct", to: "tmux-256color"))
        #expect(TerminalSupport.choose(term: "screen-256color", entry: here)
                == .unusable(reason: "this machine has no terminfo entry for TERM=screen-256color"), "its stand-in is missing too")
        #expect(TerminalSupport.choose(term: "wezterm", entry: here) == .unusable(reason: "this machine has no terminfo entry for TERM=wezterm"))
        #expect(TerminalSupport.choose(term: "dumb", entry: here)
                == .unusable(reason: "TERM=dumb cannot move the cursor, which the dashboard needs"))
        #expect(TerminalSupport.choose(term: nil, entry: here) == .unusable(reason: "TERM is not set"))
        #expect(TerminalSupport.choose(term: "", entry: here) == .unusable(reason: "TERM is not set"))
    }

    @Test func thisMachinesTerminfo() {
        #expect(TerminalSupport.terminfoEntry("xterm-256color") == .drawable)
        #expect(TerminalSupport.terminfoEntry("dumb") == .cannotMoveTheCursor)
        #expect(TerminalSupport.terminfoEntry("xterm-no-such-terminal") == .missing)
        #expect(TerminalSupport.choose(term: "xterm-no-such-terminal") == .fallback(from: "xterm-no-such-terminal", to: "xterm-256color"))
    }
}
