/// Maps theme colours to what a terminal can show: truecolor hex to the nearest of the xterm 256
/// palette, or of the 8 ANSI colours.
public enum ColorMapping {
    /// A curses colour number, or -1 for the terminal's default.
    public static func index(_ color: Theme.Color, depth: ColorDepth) -> Int16 {
        switch (color, depth) {
        case (_, .none), (.terminalDefault, _): return -1
        case (.index(let i), .xterm256): return Int16(max(0, min(255, i)))
        // Bright 8...15 by colour too, so bright black (grey) stays visible as white, not black.
        case (.index(let i), .ansi8): return i < 8 ? Int16(max(0, i)) : nearestANSI(rgb(ofXterm: i))
        case let (.rgb(r, g, b), .xterm256): return nearestXterm(r, g, b)
        case let (.rgb(r, g, b), .ansi8): return nearestANSI((Int(r), Int(g), Int(b)))
        }
    }

    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func nearestXterm(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int16 {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeLevels[i] - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let grayStep = max(0, min(23, (average - 8 + 5) / 10))
        let gray = 8 + 10 * grayStep
        let target = (Int(r), Int(g), Int(b))
        return distance(target, (gray, gray, gray)) < distance(target, cube) ? Int16(232 + grayStep) : Int16(cubeIndex)
    }

    /// The nearest of the 8 ANSI colours (0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta,
    /// 6 cyan, 7 white) by what the colour *is* rather than by RGB distance: theme palettes are
    /// mostly soft pastels, which are nearer to grey-white than to the saturated ANSI colours in RGB
    /// space (Nord green #A3BE8C would become white and Nord red #BF616A magenta), so that succeeded
    /// and failed would look the same. Greys and near-greys go to black or white by lightness; very
    /// dark colours (backgrounds) to black; anything with a hue to the colour of that hue.
    static func nearestANSI(_ c: (Int, Int, Int)) -> Int16 {
        let (r, g, b) = (c.0, c.1, c.2)
        let high = max(r, g, b), low = min(r, g, b), chroma = high - low
        let luma = (299 * r + 587 * g + 114 * b) / 1000
        if high < 80 { return 0 }
        if chroma < 32 || chroma * 4 < high { return luma < 80 ? 0 : 7 }
        var hue: Double
        let (dr, dg, db, dc) = (Double(r), Double(g), Double(b), Double(chroma))
        if high == r {
            hue = 60 * ((dg - db) / dc)
        } else if high == g {
            hue = 60 * ((db - dr) / dc + 2)
        } else {
            hue = 60 * ((dr - dg) / dc + 4)
        }
        if hue < 0 { hue += 360 }
        // Uneven bands: ANSI yellow also stands for orange and amber, blue for indigo and violet.
        // Between yellow and green the hue alone cannot tell (Gruvbox and Solarized greens are
        // olive, hue 60-70; Dracula's yellow is hue 77): bright ones are yellow, darker ones green.
        switch hue {
        case ..<12: return 1
        case ..<50: return 3
        case ..<85: return luma >= 175 ? 3 : 2
        case ..<160: return 2
        case ..<200: return 6
        case ..<275: return 4
        case ..<335: return 5
        default: return 1
        }
    }

    /// The xterm colours 0...15 as xterm shows them by default.
    private static let xtermSystem: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgb(ofXterm index: Int) -> (Int, Int, Int) {
        let i = max(0, min(255, index))
        if i < 16 { return xtermSystem[i] }
        if i >= 232 { let v = 8 + 10 * (i - 232); return (v, v, v) }
        let n = i - 16
        return (cubeLevels[n / 36], cubeLevels[n / 6 % 6], cubeLevels[n % 6])
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
