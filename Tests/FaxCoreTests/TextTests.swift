import Testing
import FaxCore

@Suite("PhoneNumber")
struct PhoneNumberTests {
    @Test(arguments: [
        ("+1 212-555-0147", "12125550147"), ("(212) 555 0147", "2125550147"), ("12125550147", "12125550147"),
        ("+44 20 7946 0018", "442079460018"), ("tel:+1.212.555.0147 ext 9", "121255501479"), ("anonymous", ""),
        ("", ""), ("١٢٣ 45", "45"), ("１２３", ""),
    ])
    func digits(text: String, digits: String) {
        #expect(PhoneNumber.digits(text) == digits)
    }

    @Test func statsKey() {
        #expect(PhoneNumber.statsKey("+1 212-555-0147") == PhoneNumber.statsKey("12125550147"))
        #expect(PhoneNumber.statsKey("+1 212-555-0147") == "12125550147")
        #expect(PhoneNumber.statsKey("  anonymous ") == "anonymous")
        #expect(PhoneNumber.statsKey("") == "(none)")
        #expect(PhoneNumber.statsKey("   ") == "(none)")
    }
}

@Suite("TerminalSafeText")
struct TerminalSafeTextTests {
    @Test func controlCharactersBecomeVisible() {
        #expect(TerminalSafeText.make("\u{1B}[2Jhi") == "␛[2Jhi")
        #expect(TerminalSafeText.make("ding\u{07}") == "ding␇")
        #expect(TerminalSafeText.make("a\u{00}b") == "a␀b")
        #expect(TerminalSafeText.make("line\nnext\r\t") == "line␊next␍␉")
        #expect(TerminalSafeText.make("del\u{7F}") == "del␡")
        #expect(TerminalSafeText.make("csi\u{9B}31m") == "csi\\u{9B}31m")
        #expect(TerminalSafeText.make("\u{85}\u{80}") == "\\u{85}\\u{80}")
    }

    @Test("bidi overrides, isolates and separators are spelled out")
    func bidi() {
        #expect(TerminalSafeText.make("invoice\u{202E}fdp.exe") == "invoice\\u{202E}fdp.exe")
        #expect(TerminalSafeText.make("\u{2066}x\u{2069}") == "\\u{2066}x\\u{2069}")
        #expect(TerminalSafeText.make("a\u{2028}b") == "a\\u{2028}b")
        #expect(TerminalSafeText.make("\u{200F}") == "\\u{200F}")
    }

    @Test("ordinary text is untouched", arguments: [
        "+1 212-555-0147", "fax-to-14155550199", "日本語のファクス", "📠 🇯🇵 👩‍👩‍👧", "é e\u{301} ß", "", "\u{A0}nbsp",
    ])
    func plainText(text: String) {
        #expect(TerminalSafeText.make(text) == text)
    }

    @Test("nothing that survives is a control character")
    func noControlsSurvive() {
        var all = String.UnicodeScalarView()
        for v in UInt32(0)...0x2100 { if let s = Unicode.Scalar(v) { all.append(s) } }
        let safe = TerminalSafeText.make(String(all))
        for s in safe.unicodeScalars {
            #expect(!(s.value < 0x20 || (0x7F...0x9F).contains(s.value)), "U+\(String(s.value, radix: 16)) survived")
        }
    }

    @Test func bytesThatAreNotUTF8() {
        #expect(TerminalSafeText.make(bytes: [0x61, 0xFF, 0x1B, 0x62]) == "a\u{FFFD}␛b")
    }
}

@Suite("JSONText")
struct JSONTextTests {
    @Test("quote round-trips through JSONParser", arguments: [
        "", "plain", "quote \" and backslash \\", "slash / stays", "\n\r\t\u{08}\u{0C}", "\u{00}\u{1B}\u{1F}\u{7F}",
        "\u{2028}\u{2029}", "日本語 📠 e\u{301}", "\u{9B}\u{202E}", String(repeating: "ab\"", count: 1000),
    ])
    func roundTrip(text: String) throws {
        let quoted = JSONText.quote(text)
        #expect(try JSONParser.parse(Array(quoted.utf8)) == .string(text))
        for s in quoted.unicodeScalars {
            #expect(!(s.value < 0x20 || s.value == 0x7F || s.value == 0x2028 || s.value == 0x2029))
        }
    }

    @Test func quoteSpelling() {
        #expect(JSONText.quote("a\u{1B}b") == #""a\u001bb""#)
        #expect(JSONText.quote("\"\\\n") == #""\"\\\n""#)
    }

    @Test func numbers() {
        #expect(JSONText.number(3) == "3")
        #expect(JSONText.number(-2) == "-2")
        #expect(JSONText.number(0.35) == "0.35")
        #expect(JSONText.number(1e20) == "1e+20")
    }
}
