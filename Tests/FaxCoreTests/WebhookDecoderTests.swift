import FaxTestSupport
import Foundation
import Testing
@testable import FaxCore

/// A well-formed `fax_sent` body whose fields a test can replace (raw JSON text) or drop.
private enum Payload {
    static let id = "6710c3a29e4b1f0c7d2a5e81"
    static let hookFields: [(String, String)] = [
        ("id", "\"\(id)\""), ("event", #""fax_sent""#), ("event_time", #""2026-10-17 09:58:12""#),
        ("target", #""https://hooks.example.com/faxplus""#),
    ]
    static let dataFields: [(String, String)] = [
        ("id", "\"\(id)\""), ("uid", #""7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b""#), ("pages", "3"),
        ("from", #""+1 212-555-0147""#), ("to", #""+1 415-555-0199""#), ("start_time", #""2026-10-17 09:56:40""#),
        ("file", #""0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff""#), ("file_name", #""fax-to-14155550199""#),
        ("cost", "3"), ("status", #""success""#),
    ]

    static func object(_ base: [(String, String)], _ changes: [String: String], _ drop: Set<String>) -> String {
        var members = base.filter { !drop.contains($0.0) }.map { key, value in (key, changes[key] ?? value) }
        for key in changes.keys.sorted() where !base.contains(where: { $0.0 == key }) { members.append((key, changes[key]!)) }
        return "{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func text(
        hook: [String: String] = [:], data: [String: String] = [:], dropHook: Set<String> = [], dropData: Set<String> = []
    ) -> String {
        #"{"hook": \#(object(hookFields, hook, dropHook)), "data": \#(object(dataFields, data, dropData))}"#
    }

    static func bytes(
        hook: [String: String] = [:], data: [String: String] = [:], dropHook: Set<String> = [], dropData: Set<String> = []
    ) -> [UInt8] {
        text(hook: hook, data: data, dropHook: dropHook, dropData: dropData).bytes
    }
}

private func decode(_ body: [UInt8]) throws -> FaxEvent { try WebhookDecoder().decode(body) }

/// The error the decoder gives for `body`; records an issue if it accepts it.
private func failure(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> PayloadError? {
    do {
        let event = try WebhookDecoder().decode(body)
        Issue.record("expected a PayloadError, decoded \(event.hookEvent) \(event.hookID)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func expectMalformed(
    _ body: [UInt8], saying words: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = failure(body, sourceLocation: sourceLocation) else { return }
    #expect(error.kind == .malformed, "\(error)", sourceLocation: sourceLocation)
    #expect(error.httpStatus == 400, sourceLocation: sourceLocation)
    #expect(error.field == nil, sourceLocation: sourceLocation)
    for word in words {
        #expect(error.message.contains(word), "message \"\(error.message)\" should mention \"\(word)\"", sourceLocation: sourceLocation)
    }
}

private func expectInvalid(
    _ body: [UInt8], field: String?, saying words: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = failure(body, sourceLocation: sourceLocation) else { return }
    #expect(error.kind == .invalid, "\(error)", sourceLocation: sourceLocation)
    #expect(error.httpStatus == 422, sourceLocation: sourceLocation)
    #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
    if let field {
        #expect(error.description.hasPrefix(field + ": "), "\(error)", sourceLocation: sourceLocation)
    }
    for word in words {
        #expect(error.message.contains(word), "message \"\(error.message)\" should mention \"\(word)\"", sourceLocation: sourceLocation)
    }
}

// MARK: - Sample fixtures

@Suite("WebhookDecoder: the sample fixtures")
struct WebhookDecoderFixtureTests {
    @Test func fixturesArePresent() {
        #expect(Fixtures.names("valid").count >= 4, "looked in \(Fixtures.directory.path)")
        #expect(Fixtures.names("invalid").count >= 3, "looked in \(Fixtures.directory.path)")
    }

    @Test("every valid fixture decodes and keeps its body byte-for-byte", arguments: Fixtures.names("valid"))
    func validFixtureDecodes(name: String) throws {
        let body = try Fixtures.valid(name)
        let event = try decode(body)
        #expect(event.raw == body)
        #expect(!event.hookID.isEmpty && !event.dataID.isEmpty)
        #expect(event.kind == .sent || event.kind == .received)
        #expect(event.status != nil)
        #expect(event.from != nil && event.to != nil)
        #expect(event.eventTimeSeconds != nil)
    }

    @Test func firstAttemptFields() throws {
        let event = try Fixtures.event("fax_sent_first_attempt.json")
        #expect(event.kind == .sent)
        #expect(event.hookID == "6710c3a29e4b1f0c7d2a5e81")
        #expect(event.dataID == "6710c3a29e4b1f0c7d2a5e81")
        #expect(event.isFirstAttempt)
        #expect(event.eventTime == "2026-10-17 09:58:12")
        #expect(event.target == "https://hooks.example.com/faxplus")
        #expect(event.uid == "7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b")
        #expect(event.pages == 3)
        #expect(event.from == "+1 212-555-0147")
        #expect(event.to == "+1 415-555-0199")
        #expect(event.startTime == "2026-10-17 09:56:40")
        #expect(event.file == "0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff")
        #expect(event.fileName == "fax-to-14155550199")
        #expect(event.cost == 3)
        #expect(event.status == .success)
        #expect(event.deliveryKey == DeliveryKey(event: "fax_sent", hookID: event.hookID, dataID: event.dataID))
    }

    @Test func retryFields() throws {
        let event = try Fixtures.event("fax_sent_retry.json")
        #expect(event.hookID == "6710c4f01a2b3c4d5e6f7081")
        #expect(event.dataID == "6710c3a29e4b1f0c7d2a5e81")
        #expect(!event.isFirstAttempt)
        #expect(event.status == .failedUserBusy)
        #expect(event.status?.outcome == .failed)
    }

    @Test func receivedFields() throws {
        let event = try Fixtures.event("fax_received.json")
        #expect(event.kind == .received)
        #expect(event.from == "+1 646-555-0123")
        #expect(event.to == "+1 212-555-0147")
        #expect(event.pages == 2)
        #expect(event.cost == 2)
        #expect(event.status == .success)
    }

    @Test("SDK spelling from_number/to_number and decimal pages/cost")
    func sdkFieldNames() throws {
        let event = try Fixtures.event("fax_received_sdk_field_names.json")
        #expect(event.kind == .received)
        #expect(event.from == "+44 20 7946 0018")
        #expect(event.to == "+1 212-555-0147")
        #expect(event.pages == 1)
        #expect(event.cost == 1.0)
        #expect(event.status == .success)
        #expect(event.eventTime == "2026-10-18 08:00:00")
    }

    @Test("every invalid fixture is refused with the right kind and field", arguments: Fixtures.names("invalid"))
    func invalidFixtureRefused(name: String) throws {
        let expected: [String: (PayloadError.Kind, String?)] = [
            "missing_data.json": (.invalid, "data"),
            "not_json.txt": (.malformed, nil),
            "pages_wrong_type.json": (.invalid, "data.pages"),
        ]
        guard let error = failure(try Fixtures.bytes("invalid/\(name)")) else { return }
        guard let (kind, field) = expected[name] else {
            Issue.record("new invalid fixture \(name) has no expectation here; it gave \(error)")
            return
        }
        #expect(error.kind == kind, "\(error)")
        #expect(error.httpStatus == (kind == .malformed ? 400 : 422))
        #expect(error.field == field, "\(error)")
        #expect(!error.message.isEmpty)
    }

    @Test func pagesWrongTypeSaysWhatIsWrong() throws {
        let error = failure(try Fixtures.bytes("invalid/pages_wrong_type.json"))
        #expect(error?.description == "data.pages: expected a number, got a string")
    }

    @Test("every proper prefix of a valid body is malformed (truncated), never a crash")
    func truncatedPrefixes() throws {
        var bodies = try Fixtures.names("valid").map { try Fixtures.valid($0) }
        // Multi-byte UTF-8, escapes and a surrogate pair give more interesting cut points.
        bodies.append(Payload.bytes(data: [
            "file_name": #""fax \ud83d\udce0 \u00e9 \"quoted\" 日本 📠""#, "pages": "1.0e0", "cost": "-0.25E+1", "extra": "[true, false, null]",
        ]))
        // The cost above is negative: still a valid document.
        _ = try decode(bodies.last!)
        for body in bodies {
            var end = body.count
            while end > 0, [0x20, 0x0A, 0x0D, 0x09].contains(body[end - 1]) { end -= 1 }
            for cut in 0..<end {
                let prefix = Array(body[..<cut])
                guard let error = failure(prefix) else { continue }
                #expect(error.kind == .malformed, "cut at \(cut): \(error)")
                let isBlank = prefix.allSatisfy { [0x20, 0x0A, 0x0D, 0x09].contains($0) }
                let word = isBlank ? "empty" : "truncated"
                #expect(error.message.contains(word), "cut at \(cut) of \(body.count): \(error.message)")
            }
        }
    }
}

// MARK: - Hostile and odd input: malformed (400)

@Suite("WebhookDecoder: malformed bodies give 400")
struct WebhookDecoderMalformedTests {
    @Test func emptyBody() {
        expectMalformed([], saying: ["empty"])
    }

    @Test(arguments: [" ", "\n", " \t\r\n  "])
    func whitespaceOnly(body: String) {
        expectMalformed(body.bytes, saying: ["empty"])
    }

    @Test("invalid UTF-8 inside a string", arguments: [
        [0xFF] as [UInt8],        // never valid
        [0xC0, 0xAF],             // overlong '/'
        [0xED, 0xA0, 0x80],       // a UTF-16 surrogate encoded as UTF-8 (CESU)
        [0xE2, 0x82],             // a sequence cut short before the closing quote
        [0x80],                   // a lone continuation byte
        [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
    ])
    func invalidUTF8InString(bad: [UInt8]) {
        let body = #"{"hook": {"id": "a"#.bytes + bad + #"b", "event": "fax_sent"}, "data": {"id": "x", "status": "success"}}"#.bytes
        expectMalformed(body, saying: ["UTF-8"])
    }

    @Test("invalid UTF-8 outside any string names the byte")
    func invalidUTF8OutsideString() {
        let body = #"{"hook": "#.bytes + [0xFF] + #"{"id": "a"}}"#.bytes
        expectMalformed(body, saying: ["0xFF", "at byte 9"])
    }

    @Test func notJSONAtAll() {
        expectMalformed("hook=1&data=2".bytes, saying: ["invalid JSON", "'h'"])
        expectMalformed("<xml/>".bytes, saying: ["invalid JSON"])
    }

    @Test("10,000-deep arrays are refused quickly, without exhausting the stack")
    func deepArrays() {
        let open = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        let started = ContinuousClock.now
        expectMalformed(open, saying: ["nested"])
        expectMalformed(open + [UInt8](repeating: UInt8(ascii: "]"), count: 10_000), saying: ["nested"])
        #expect(ContinuousClock.now - started < .seconds(5), "a pathological parse takes far longer")
    }

    @Test("10,000-deep objects are refused quickly, without exhausting the stack")
    func deepObjects() {
        let body = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let started = ContinuousClock.now
        expectMalformed(body.bytes, saying: ["nested"])
        // The same depth hidden inside an otherwise good payload.
        expectMalformed(Payload.bytes(data: ["extra": String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)]), saying: ["nested"])
        #expect(ContinuousClock.now - started < .seconds(5), "a pathological parse takes far longer")
    }

    @Test("numbers beyond Double are 422 with the field's path, not infinity", arguments: ["1e400", "-1e400", "1E+999"])
    func outOfRangeNumbers(literal: String) {
        expectInvalid(Payload.bytes(data: ["cost": literal]), field: "data.cost", saying: ["out of range", literal])
        expectInvalid(Payload.bytes(data: ["extra": literal]), field: "data.extra", saying: ["out of range"])
        expectInvalid(Payload.bytes(data: ["items": "[1, {\"x\": [2, \(literal)]}]"]), field: "data.items[1].x[1]",
                      saying: ["out of range"])
    }

    @Test("a syntax error after an out-of-range number is still 400")
    func outOfRangeThenSyntaxError() {
        let body = Payload.bytes(data: ["cost": "1e400"]).dropLast()
        expectMalformed(Array(body), saying: ["truncated"])
    }

    @Test("an id longer than 512 bytes is 422 naming it; 512 is accepted", arguments: ["hook.id", "data.id", "hook.event"])
    func overlongKeyField(path: String) throws {
        let parts = path.split(separator: ".").map(String.init)
        func body(_ length: Int) -> [UInt8] {
            let value = "\"" + String(repeating: "7", count: length) + "\""
            return parts[0] == "hook" ? Payload.bytes(hook: [parts[1]: value]) : Payload.bytes(data: [parts[1]: value])
        }
        let refused = try #require(failure(body(513)))
        #expect(refused.httpStatus == 422)
        #expect(refused.description == "\(path): longer than 512 bytes")
        #expect(try decode(body(512)).raw == body(512))
    }

    @Test("a number too small for a double is zero, as JSON parsers read it")
    func underflowIsZero() throws {
        let event = try WebhookDecoder().decode(Payload.bytes(data: ["cost": "1e-400"]))
        #expect(event.cost == 0)
    }

    @Test("a raw control character inside a string", arguments: [0x00, 0x01, 0x07, 0x0A, 0x1B, 0x1F] as [UInt8])
    func rawControlCharacter(byte: UInt8) {
        let body = #"{"hook": {"id": "a"#.bytes + [byte] + #"b", "event": "fax_sent"}, "data": {"id": "x", "status": "success"}}"#.bytes
        expectMalformed(body, saying: ["control character"])
    }

    @Test("lone or mismatched surrogate escapes", arguments: [
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#, #""\udbff\udbff""#,
    ])
    func loneSurrogates(literal: String) {
        expectMalformed(Payload.bytes(data: ["file_name": literal]), saying: ["surrogate"])
    }

    @Test("JSON that is not quite JSON", arguments: [
        #"{'hook': {}}"#,                              // single quotes
        #"{"hook": {"id": "a",}, "data": {}}"#,        // trailing comma
        #"{"hook": {"id": "a"} "data": {}}"#,          // missing comma
        #"{"hook" {"id": "a"}}"#,                      // missing colon
        #"{hook: {}}"#,                                // bare key
        #"{"a": NaN}"#, #"{"a": Infinity}"#, #"{"a": 01}"#, #"{"a": +1}"#, #"{"a": .5}"#, #"{"a": 1.}"#, #"{"a": 1e}"#,
        #"{"a": tru}"#, #"{"a": nul}"#, #"{"a": "\x"}"#, #"{"a": "\u12G4"}"#,
        #"{} {}"#,                                     // two documents
        #"{"hook": {}, "data": {}} trailing"#,
        "\u{FEFF}{}",                                  // byte order mark
    ])
    func notQuiteJSON(body: String) {
        guard let error = failure(body.bytes) else { return }
        #expect(error.kind == .malformed, "\(error)")
        #expect(error.message.contains("at byte"), "\(error.message)")
    }

    @Test func trailingDataSaysSo() {
        expectMalformed((Payload.text() + " x").bytes, saying: ["after the JSON document"])
    }
}

// MARK: - Well-formed but wrong: invalid (422)

@Suite("WebhookDecoder: well-formed but wrong bodies give 422 with a field path")
struct WebhookDecoderInvalidTests {
    @Test("the root must be an object", arguments: [#"[]"#, #"[{"hook": {}}]"#, "42", #""fax_sent""#, "null", "true"])
    func rootNotAnObject(body: String) {
        expectInvalid(body.bytes, field: nil, saying: ["object"])
    }

    @Test("hook and data must be objects", arguments: [#""abc""#, "[]", "null", "7", "false"])
    func hookOrDataNotAnObject(value: String) {
        expectInvalid(#"{"hook": \#(value), "data": {"id": "x"}}"#.bytes, field: "hook", saying: ["object"])
        let data = #"{"hook": {"id": "a", "event": "fax_sent"}, "data": \#(value)}"#
        expectInvalid(data.bytes, field: "data", saying: ["object"])
    }

    @Test func missingHook() {
        expectInvalid(#"{"data": {"id": "x", "status": "success"}}"#.bytes, field: "hook", saying: ["missing"])
        expectInvalid("{}".bytes, field: "hook", saying: ["missing"])
    }

    @Test func missingRequiredFields() {
        expectInvalid(Payload.bytes(dropHook: ["id"]), field: "hook.id", saying: ["missing"])
        expectInvalid(Payload.bytes(dropHook: ["event"]), field: "hook.event", saying: ["missing"])
        expectInvalid(Payload.bytes(dropData: ["id"]), field: "data.id", saying: ["missing"])
        expectInvalid(Payload.bytes(dropData: ["status"]), field: "data.status", saying: ["missing"])
        expectInvalid(Payload.bytes(hook: ["event": #""fax_received""#], dropData: ["status"]), field: "data.status")
        expectInvalid(Payload.bytes(data: ["status": "null"]), field: "data.status", saying: ["missing"])
    }

    @Test func emptyStringIDs() {
        expectInvalid(Payload.bytes(hook: ["id": #""""#]), field: "hook.id", saying: ["empty"])
        expectInvalid(Payload.bytes(data: ["id": #""""#]), field: "data.id", saying: ["empty"])
        expectInvalid(Payload.bytes(hook: ["event": #""""#]), field: "hook.event", saying: ["empty"])
        expectInvalid(Payload.bytes(data: ["status": #""""#]), field: "data.status", saying: ["empty"])
    }

    @Test("required strings of another type", arguments: ["42", "true", "[]", "{}"])
    func requiredStringsMistyped(value: String) {
        expectInvalid(Payload.bytes(hook: ["id": value]), field: "hook.id", saying: ["expected a string"])
        expectInvalid(Payload.bytes(hook: ["event": value]), field: "hook.event", saying: ["expected a string"])
        expectInvalid(Payload.bytes(data: ["id": value]), field: "data.id", saying: ["expected a string"])
        expectInvalid(Payload.bytes(data: ["status": value]), field: "data.status", saying: ["expected a string"])
        expectInvalid(Payload.bytes(data: ["uid": value]), field: "data.uid", saying: ["expected a string"])
        expectInvalid(Payload.bytes(hook: ["target": value]), field: "hook.target", saying: ["expected a string"])
        expectInvalid(Payload.bytes(data: ["file_name": value]), field: "data.file_name", saying: ["expected a string"])
    }

    @Test("pages that are not a whole, sane count", arguments: [
        ("-1", "between"), ("2.5", "whole"), ("0.001", "whole"), (#""3""#, "expected a number"),
        ("true", "expected a number"), ("[3]", "expected a number"), ("100001", "between"),
        ("123456789012345678901234567890", "between"),
    ])
    func badPages(literal: String, word: String) {
        expectInvalid(Payload.bytes(data: ["pages": literal]), field: "data.pages", saying: [word])
    }

    @Test("cost that is not a number", arguments: [#""3.00""#, "true", "{}"])
    func badCost(literal: String) {
        expectInvalid(Payload.bytes(data: ["cost": literal]), field: "data.cost", saying: ["expected a number"])
    }

    @Test("event_time not in YYYY-MM-DD HH:mm:ss", arguments: [
        #""2026-10-17""#, #""17/10/2026 09:58:12""#, #""2026-13-01 00:00:00""#, #""2026-02-30 10:00:00""#,
        #""2026-10-17 24:00:00""#, #""2026-10-17 09:58:12+02:00""#, #""yesterday""#, #""""#,
    ])
    func badEventTime(literal: String) {
        expectInvalid(Payload.bytes(hook: ["event_time": literal]), field: "hook.event_time", saying: ["YYYY-MM-DD HH:mm:ss"])
        expectInvalid(Payload.bytes(data: ["start_time": literal]), field: "data.start_time", saying: ["YYYY-MM-DD HH:mm:ss"])
    }

    @Test func eventTimeAsNumber() {
        expectInvalid(Payload.bytes(hook: ["event_time": "1792238292"]), field: "hook.event_time", saying: ["expected a string"])
    }

    @Test func numbersOfTheWrongType() {
        expectInvalid(Payload.bytes(data: ["from": "true"]), field: "data.from", saying: ["expected a string"])
        expectInvalid(Payload.bytes(data: ["to": "[1]"]), field: "data.to", saying: ["expected a string"])
        expectInvalid(Payload.bytes(data: ["from_number": "{}"], dropData: ["from"]), field: "data.from_number")
        expectInvalid(Payload.bytes(data: ["to_number": "false"], dropData: ["to"]), field: "data.to_number")
    }

    @Test func errorDescriptionLeadsWithTheField() {
        let error = failure(Payload.bytes(data: ["cost": #""free""#]))
        #expect(error?.description == "data.cost: expected a number, got a string")
    }
}

// MARK: - Accepted, however odd

@Suite("WebhookDecoder: tolerated and odd but acceptable bodies")
struct WebhookDecoderToleranceTests {
    @Test("a 1 MB string field decodes whole")
    func megabyteString() throws {
        let big = String(repeating: "x", count: 1_000_000)
        let started = ContinuousClock.now
        let event = try decode(Payload.bytes(data: ["file_name": "\"\(big)\""]))
        #expect(event.fileName?.utf8.count == 1_000_000)
        #expect(ContinuousClock.now - started < .seconds(10), "a quadratic copy of the string takes far longer")
    }

    @Test("escaped control characters are data, kept verbatim (the UI makes them visible)")
    func escapedControlCharacters() throws {
        let event = try decode(Payload.bytes(data: ["file_name": #""\u001b[2J\u001b]0;pwned\u0007 report""#]))
        #expect(event.fileName == "\u{1B}[2J\u{1B}]0;pwned\u{07} report")
        #expect(TerminalSafeText.make(event.fileName!) == "␛[2J␛]0;pwned␇ report")
    }

    @Test("an escaped NUL is data too")
    func escapedNul() throws {
        let event = try decode(Payload.bytes(data: ["file_name": #""a\u0000b""#, "uid": #""\u0000""#]))
        #expect(event.fileName == "a\u{0}b")
        #expect(event.uid == "\u{0}")
        #expect(TerminalSafeText.make(event.fileName!) == "a␀b")
    }

    @Test func standardEscapes() throws {
        let event = try decode(Payload.bytes(data: ["file_name": #""a\"b\\c\/d\b\f\n\r\t\u00e9""#]))
        #expect(event.fileName == "a\"b\\c/d\u{08}\u{0C}\n\r\té")
    }

    @Test("a valid surrogate pair and raw UTF-8 become the right characters")
    func surrogatePairAndUTF8() throws {
        let event = try decode(Payload.bytes(data: ["file_name": #""\ud83d\udce0 fax 📠 日本語 é""#]))
        #expect(event.fileName == "📠 fax 📠 日本語 é")
    }

    @Test("a repeated key keeps its last value; the raw body keeps both")
    func duplicateKeys() throws {
        let body = Payload.text(data: ["pages": "1"]).replacingOccurrences(of: #""pages": 1"#, with: #""pages": 1, "pages": 4"#).bytes
        let event = try decode(body)
        #expect(event.pages == 4)
        #expect(event.raw == body)
    }

    @Test("unknown event without a status is kept as .other")
    func unknownEventWithoutStatus() throws {
        let event = try decode(Payload.bytes(hook: ["event": #""fax_page_received""#], dropData: ["status"]))
        #expect(event.kind == .other("fax_page_received"))
        #expect(event.kind.hookEvent == "fax_page_received")
        #expect(event.status == nil)
    }

    @Test func unknownEventWithStatus() throws {
        let event = try decode(Payload.bytes(hook: ["event": #""fax_page_received""#], data: ["status": #""weird""#]))
        #expect(event.kind == .other("fax_page_received"))
        #expect(event.status == .unknown("weird"))
        expectInvalid(Payload.bytes(hook: ["event": #""fax_page_received""#], data: ["status": "5"]), field: "data.status")
    }

    @Test("undocumented statuses are kept; failed_* counts as failed", arguments: [
        ("failed_new_thing", FaxStatus.Outcome.failed), ("weird", .unknown), ("SUCCESS", .unknown),
    ])
    func unknownStatus(raw: String, outcome: FaxStatus.Outcome) throws {
        let event = try decode(Payload.bytes(data: ["status": "\"\(raw)\""]))
        #expect(event.status == .unknown(raw))
        #expect(event.status?.raw == raw)
        #expect(event.status?.outcome == outcome)
    }

    @Test("extra fields are accepted and kept byte-for-byte in raw")
    func extraFieldsKeptInRaw() throws {
        let text = Payload.text(
            hook: ["version": #""3.1""#],
            data: ["extra": #"{"nested": [1, 2.50, "\u00e9", null], "big": 123456789012345678901234567890}"#,
                   "note": #""  spaced\tout  ""#]
        ).replacingOccurrences(of: ", ", with: " ,\r\n\t ")
        let body = text.bytes
        let event = try decode(body)
        #expect(event.raw == body)
        #expect(String(decoding: event.raw, as: UTF8.self).contains(#""big": 123456789012345678901234567890"#))
        #expect(event.pages == 3)
    }

    @Test("huge integers are accepted where any number is")
    func hugeIntegerCost() throws {
        let event = try decode(Payload.bytes(data: ["cost": "123456789012345678901234567890"]))
        #expect(event.cost == 1.2345678901234568e29)
    }

    @Test("null optional fields mean 'not given'")
    func nullOptionals() throws {
        let event = try decode(Payload.bytes(
            hook: ["event_time": "null", "target": "null"],
            data: ["uid": "null", "pages": "null", "from": "null", "to": "null", "start_time": "null",
                   "file": "null", "file_name": "null", "cost": "null"]
        ))
        #expect(event.eventTime == nil && event.target == nil && event.uid == nil && event.pages == nil)
        #expect(event.from == nil && event.to == nil && event.startTime == nil && event.file == nil)
        #expect(event.fileName == nil && event.cost == nil && event.eventTimeSeconds == nil)
        #expect(event.status == .success)
    }

    @Test("only the required fields")
    func minimalPayload() throws {
        let event = try decode(#"{"hook":{"id":"h","event":"fax_received"},"data":{"id":"d","status":"failed"}}"#.bytes)
        #expect(event.kind == .received)
        #expect(event.hookID == "h" && event.dataID == "d")
        #expect(event.status == .failed)
        #expect(event.pages == nil && event.cost == nil && event.from == nil)
    }

    @Test("from/to as bare JSON numbers keep their literal digits")
    func numbersAsJSONNumbers() throws {
        let event = try decode(Payload.bytes(data: ["from": "12125550147", "to": "14155550199"]))
        #expect(event.from == "12125550147")
        #expect(event.to == "14155550199")
    }

    @Test("from_number is used when from is null or absent")
    func sdkSpellingFallback() throws {
        let event = try decode(Payload.bytes(data: ["from": "null", "to_number": #""+1 415-555-0100""#], dropData: ["to"]))
        #expect(event.from == nil)
        #expect(event.to == "+1 415-555-0100")
        let both = try decode(Payload.bytes(data: ["from": "null", "from_number": #""+44 20 7946 0018""#]))
        #expect(both.from == "+44 20 7946 0018")
    }

    @Test("whole and decimal pages/cost", arguments: [
        ("0", 0), ("1.0", 1), ("2e0", 2), ("1.5e1", 15), ("100000", 100_000), ("-0", 0),
    ])
    func pagesSpellings(literal: String, pages: Int) throws {
        #expect(try decode(Payload.bytes(data: ["pages": literal])).pages == pages)
    }

    @Test func decimalCost() throws {
        #expect(try decode(Payload.bytes(data: ["cost": "0.35"])).cost == 0.35)
        #expect(try decode(Payload.bytes(data: ["cost": "1e-400"])).cost == 0)
    }

    @Test("ISO-style T and Z in event_time are tolerated")
    func eventTimeVariants() throws {
        let t = try decode(Payload.bytes(hook: ["event_time": #""2026-10-17T09:58:12Z""#]))
        #expect(t.eventTimeSeconds == FaxTimestamp.parse("2026-10-17 09:58:12"))
    }

    @Test("whitespace around the document is fine")
    func surroundingWhitespace() throws {
        let event = try decode(("\r\n\t " + Payload.text() + "\n\n").bytes)
        #expect(event.pages == 3)
    }

    @Test("a decoder with a tighter depth limit refuses nesting the default allows")
    func customDepth() throws {
        let body = Payload.bytes(data: ["extra": "[[[1]]]"])
        _ = try decode(body)
        guard let error = failure(body, using: WebhookDecoder(maxDepth: 3)) else { return }
        #expect(error.message.contains("nested deeper than 3"))
    }
}

private func failure(_ body: [UInt8], using decoder: WebhookDecoder) -> PayloadError? {
    do {
        _ = try decoder.decode(body)
        Issue.record("expected a PayloadError")
        return nil
    } catch {
        return error
    }
}
