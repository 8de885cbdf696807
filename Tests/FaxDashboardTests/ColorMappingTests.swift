import Foundation
import Testing
@testable import FaxDashboard

@Suite struct ColorMappingTests {
    private func xterm(_ hex: UInt32) -> Int16 {
        ColorMapping.index(.rgb(UInt8(hex >> 16), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF)), depth: .xterm256)
    }

    private func ansi(_ hex: UInt32) -> Int16 {
        ColorMapping.index(.rgb(UInt8(hex >> 16), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF)), depth: .ansi8)
    }

    @Test func defaultAndNoColour() {
        for depth in [ColorDepth.none, .ansi8, .xterm256] {
            #expect(ColorMapping.index(.terminalDefault, depth: depth) == -1)
        }
        #expect(ColorMapping.index(.rgb(255, 0, 0), depth: .none) == -1)
        #expect(ColorMapping.index(.index(196), depth: .none) == -1)
    }

    @Test func hexTo256() {
        #expect(xterm(0xFF0000) == 196)
        #expect(xterm(0x00FF00) == 46)
        #expect(xterm(0x0000FF) == 21)
        #expect(xterm(0x000000) == 16)
        #expect(xterm(0xFFFFFF) == 231)
        #expect(xterm(0xFF8700) == 208)  // exact cube colours map to themselves
        #expect(xterm(0x5FAFD7) == 74)
        #expect((243...245).contains(xterm(0x808080)))
        #expect(xterm(0x808080) == 244)
        #expect(xterm(0x303030) == 236)  // exact greys too
        #expect(xterm(0xEEEEEE) == 255)
        #expect((235...238).contains(xterm(0x2E3440)))  // Nord bar: a dark grey, not a blue
    }

    @Test func everyXtermColourMapsToItselfIn256() {
        for i in 16...255 {
            let (r, g, b) = ColorMapping.rgb(ofXterm: i)
            let mapped = ColorMapping.index(.rgb(UInt8(r), UInt8(g), UInt8(b)), depth: .xterm256)
            let back = ColorMapping.rgb(ofXterm: Int(mapped))
            #expect(back.0 == r && back.1 == g && back.2 == b, "xterm \(i) → \(mapped)")
        }
    }

    @Test func indexIn256IsKept() {
        #expect(ColorMapping.index(.index(213), depth: .xterm256) == 213)
        #expect(ColorMapping.index(.index(3), depth: .xterm256) == 3)
        #expect(ColorMapping.index(.index(300), depth: .xterm256) == 255)
    }

    @Test func hexTo8() {
        #expect(ansi(0xFF0000) == 1)
        #expect(ansi(0x00FF00) == 2)
        #expect(ansi(0xFFFF00) == 3)
        #expect(ansi(0x0000FF) == 4)
        #expect(ansi(0xFF00FF) == 5)
        #expect(ansi(0x00FFFF) == 6)
        #expect(ansi(0x000000) == 0)
        #expect(ansi(0xFFFFFF) == 7)
        #expect(ansi(0x808080) == 7)
        #expect(ansi(0x303030) == 0)
        #expect(ansi(0xFF8700) == 3)  // orange reads as (ANSI) yellow
    }

    @Test func indexTo8() {
        #expect(ColorMapping.index(.index(1), depth: .ansi8) == 1)
        #expect(ColorMapping.index(.index(9), depth: .ansi8) == 1)  // bright red → red
        #expect(ColorMapping.index(.index(15), depth: .ansi8) == 7)
        #expect(ColorMapping.index(.index(8), depth: .ansi8) == 7)  // grey, readable on a dark terminal
        #expect(ColorMapping.index(.index(12), depth: .ansi8) == 4)
        #expect(ColorMapping.index(.index(11), depth: .ansi8) == 3)
        #expect([1, 3].contains(ColorMapping.index(.index(208), depth: .ansi8)))  // orange
        #expect(ColorMapping.index(.index(196), depth: .ansi8) == 1)
        #expect(ColorMapping.index(.index(46), depth: .ansi8) == 2)
        #expect(ColorMapping.index(.index(21), depth: .ansi8) == 4)
        #expect(ColorMapping.index(.index(244), depth: .ansi8) == 7)
        #expect(ColorMapping.index(.index(233), depth: .ansi8) == 0)
    }

    /// The bug this mapping fixes: soft theme colours used to land on white or the wrong hue in
    /// 8 colours, so succeeded and failed looked alike.
    @Test func softPalettesKeepTheirHueIn8() {
        // Default (Nord-like) theme.
        #expect(ansi(0xA3BE8C) == 2)  // green
        #expect(ansi(0xBF616A) == 1)  // red
        #expect(ansi(0xEBCB8B) == 3)  // yellow
        #expect(ansi(0x81A1C1) == 4)  // blue
        #expect(ansi(0x88C0D0) == 6)  // cyan
        #expect(ansi(0xD8DEE9) == 7)  // text
        #expect(ansi(0x2E3440) == 0)  // bar
        // Solarized backgrounds are dark blue-greens: black, not cyan.
        #expect(ansi(0x002B36) == 0)
        #expect(ansi(0x073642) == 0)
        #expect(ansi(0x839496) == 7)
        // Gruvbox's cream text stays white.
        #expect(ansi(0xEBDBB2) == 7)
        // Olive greens are green, pale lime yellows yellow.
        #expect(ansi(0xB8BB26) == 2)  // gruvbox green
        #expect(ansi(0x859900) == 2)  // solarized green
        #expect(ansi(0xF1FA8C) == 3)  // dracula yellow
        #expect(ansi(0xCDCD00) == 3)  // xterm's own yellow
        // Oranges are yellow, not red, so no_credit differs from failed.
        #expect(ansi(0xD08770) == 3)
        #expect(ansi(0xCB4B16) == 3)
    }

    @Test func shippedThemesKeepOutcomesApartIn8And256() throws {
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes").path
        for name in ["default", "dracula", "gruvbox-dark", "catppuccin-mocha", "solarized-dark", "light"] {
            let theme = try ThemeLoader.load(file: "\(themes)/\(name).toml")
            for depth in [ColorDepth.ansi8, .xterm256] {
                let succeeded = ColorMapping.index(theme.style(.succeeded).foreground, depth: depth)
                let failed = ColorMapping.index(theme.style(.failed).foreground, depth: depth)
                let partial = ColorMapping.index(theme.style(.partial).foreground, depth: depth)
                #expect(succeeded != failed, "\(name) \(depth)")
                #expect(succeeded != partial, "\(name) \(depth)")
                #expect(failed != partial, "\(name) \(depth)")
                if depth == .ansi8 {
                    #expect(succeeded == 2, "\(name): succeeded should be ANSI green")
                    #expect(failed == 1, "\(name): failed should be ANSI red")
                }
            }
        }
    }
}
