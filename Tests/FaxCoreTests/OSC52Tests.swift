import FaxCore
import Foundation
import Testing

@Suite struct OSC52Tests {
    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar"])
    func base64AsRFC4648(text: String) {
        #expect(OSC52.base64(Array(text.utf8)) == Array(Data(text.utf8).base64EncodedString().utf8))
    }

    @Test func base64OfEveryByteValueMatchesFoundation() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        #expect(String(decoding: OSC52.base64(bytes), as: UTF8.self) == Data(bytes).base64EncodedString())
    }

    @Test func theSequenceCarriesTheTextForTheClipboardAndEndsInBEL() {
        #expect(String(decoding: OSC52.copy(Array("{\"a\":1}".utf8)), as: UTF8.self) == "\u{1B}]52;c;eyJhIjoxfQ==\u{07}")
    }
}
