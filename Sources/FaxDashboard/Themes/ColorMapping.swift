/// Maps theme colours to what a terminal can show: truecolor hex to the nearest of the xterm 256
/// palette, or of the 8 ANSI colours.
public enum ColorMapping {
    /// A curses colour number, or -1 for the terminal's default.
    public static func index(_ color: Theme.Color, depth: ColorDepth) -> Int16 {
        switch (color, depth) {
        case (_, .none), (.terminalDefault, _): return -1
        case (.index(let i), .xterm256): return Int16(max(0, min(255, i)))
        case (.index(let i), .ansi8): return i < 8 ? Int16(max(0, i)) : (i < 16 ? Int16(i - 8) : nearestANSI(rgb(ofXterm: i)))
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

    private static let ansi: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    ]

    static func nearestANSI(_ c: (Int, Int, Int)) -> Int16 {
        var best = 0
        for i in 1..<8 where distance(c, ansi[i]) < distance(c, ansi[best]) { best = i }
        return Int16(best)
    }

    static func rgb(ofXterm i: Int) -> (Int, Int, Int) {
        if i >= 232 { let v = 8 + 10 * (i - 232); return (v, v, v) }
        let n = i - 16
        return (cubeLevels[n / 36], cubeLevels[n / 6 % 6], cubeLevels[n % 6])
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
