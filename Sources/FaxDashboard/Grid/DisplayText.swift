import FaxCore

/// The part of a value that can be on screen, made terminal-safe, at a cost bounded by the columns
/// asked for rather than by the value's length.
///
/// The receiver accepts values of up to a body's size (64 KiB of bidi controls in a sender number is a
/// valid payload), and views draw every visible row on every frame: escaping or measuring whole values
/// there let twenty hostile webhooks keep the dashboard busy for seconds per key. So views cut first,
/// from the end they show, and only then escape.
public enum DisplayText {
    /// Zero-width scalars (combining marks, joiners) kept after each visible one; more are dropped. No
    /// terminal draws dozens of marks on one cell, and a run of them must not cost its whole length.
    static let marksPerCharacter = 8

    /// The start of `text`, safe for the terminal, wide enough to fill `columns` + 1 columns when the
    /// value is longer (so a caller can see it needs an ellipsis). `cut` says input was left out.
    public static func head(_ text: String, columns: Int) -> (text: String, cut: Bool) {
        var out: [UInt8] = []
        var used = 0, marks = 0, scanned = 0
        let budget = scanBudget(columns)
        var afterJoiner = false
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            let width = displayWidth(scalar, afterJoiner: afterJoiner)
            afterJoiner = scalar.value == 0x200D
            if width == 0 {
                if marks < marksPerCharacter { TerminalSafeText.appendSafe(scalar, to: &out); marks += 1 }
            } else {
                if used > columns { return (String(decoding: out, as: UTF8.self), true) }
                TerminalSafeText.appendSafe(scalar, to: &out)
                used += width
                marks = 0
            }
            scanned += 1
            if scanned >= budget { return (String(decoding: out, as: UTF8.self), iterator.next() != nil) }
        }
        return (String(decoding: out, as: UTF8.self), false)
    }

    /// The end of `text`, safe for the terminal, at most `columns` wide; `cut` says input was left out.
    public static func tail(_ text: String, columns: Int) -> (text: String, cut: Bool) {
        var kept: [Unicode.Scalar] = []  // in reverse order
        var pendingMarks: [Unicode.Scalar] = []
        var used = 0, scanned = 0
        let budget = scanBudget(columns)
        var cut = false
        var iterator = text.unicodeScalars.reversed().makeIterator()
        var next = iterator.next()
        while let scalar = next {
            next = iterator.next()
            // A scalar right after a joiner (read next in reverse) draws no column of its own.
            let width = displayWidth(scalar, afterJoiner: next?.value == 0x200D)
            if width == 0 {
                if pendingMarks.count < marksPerCharacter { pendingMarks.append(scalar) }
            } else {
                if used + width > columns { cut = true; break }
                kept += pendingMarks
                kept.append(scalar)
                pendingMarks.removeAll(keepingCapacity: true)
                used += width
            }
            scanned += 1
            if scanned >= budget, next != nil { cut = true; break }
        }
        if !cut { kept += pendingMarks }
        var out: [UInt8] = []
        for scalar in kept.reversed() { TerminalSafeText.appendSafe(scalar, to: &out) }
        return (String(decoding: out, as: UTF8.self), cut)
    }

    /// How many scalars a cut may look at: every column's character and its marks, with room to spare.
    private static func scanBudget(_ columns: Int) -> Int {
        (max(0, columns) + 2) * (marksPerCharacter + 1) * 2
    }

    /// Columns `scalar` takes once made safe: a replaced scalar shows as its stand-in.
    private static func displayWidth(_ scalar: Unicode.Scalar, afterJoiner: Bool) -> Int {
        if TerminalSafeText.needsReplacing(scalar) {
            let v = scalar.value
            if v < 0x20 || v == 0x7F { return 1 }
            return String(v, radix: 16).count + 4  // \u{XXXX}
        }
        return afterJoiner ? 0 : CharacterWidth.of(scalar)
    }
}
