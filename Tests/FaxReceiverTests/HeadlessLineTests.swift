import FaxCore
import FaxReceiver
import Testing

@Suite struct HeadlessLineTests {
    static let event = FaxEvent(
        hookID: "6710c4f01a2b3c4d5e6f7081", hookEvent: "fax_sent", dataID: "6710c3a29e4b1f0c7d2a5e81",
        pages: 3, from: "+1 212-555-0147", to: "+1 415-555-0199", status: .success
    )
    // 2026-10-17T10:04:31.250Z
    static let receivedAt: Int64 = 1_792_231_471_250

    @Test func acceptedLineHasExactlyTheDocumentedShape() {
        let delivery = AcceptedDelivery(seq: 12, event: Self.event, receivedAt: Self.receivedAt, remote: "127.0.0.1", attempt: 2)
        #expect(HeadlessLine.format(.accepted(delivery)) == """
        {"kind":"accepted","seq":12,"event":"fax_sent","hook_id":"6710c4f01a2b3c4d5e6f7081","data_id":"6710c3a29e4b1f0c7d2a5e81",\
        "from":"+1 212-555-0147","to":"+1 415-555-0199","status":"success","pages":3,"attempt":2,"duplicate":false,\
        "remote":"127.0.0.1","received_at":"2026-10-17T10:04:31.250Z"}
        """)
    }

    @Test func missingFieldsAreNull() {
        let bare = FaxEvent(hookID: "a", hookEvent: "fax_page_received", dataID: "b")
        let line = HeadlessLine.format(.accepted(AcceptedDelivery(seq: 1, event: bare, receivedAt: 0, remote: "::1")))
        #expect(line == """
        {"kind":"accepted","seq":1,"event":"fax_page_received","hook_id":"a","data_id":"b","from":null,"to":null,\
        "status":null,"pages":null,"attempt":1,"duplicate":false,"remote":"::1","received_at":"1970-01-01T00:00:00.000Z"}
        """)
    }

    @Test func duplicateLineRepeatsTheEventAndCountsDeliveries() {
        let original = AcceptedDelivery(seq: 12, event: Self.event, receivedAt: 0, remote: "34.65.253.117", attempt: 2)
        let repeated = DuplicateDelivery(seq: 15, eventSeq: 12, deliveryCount: 3, receivedAt: Self.receivedAt, remote: "34.65.146.131")
        #expect(HeadlessLine.format(.duplicate(repeated), original: original) == """
        {"kind":"accepted","seq":15,"event":"fax_sent","hook_id":"6710c4f01a2b3c4d5e6f7081","data_id":"6710c3a29e4b1f0c7d2a5e81",\
        "from":"+1 212-555-0147","to":"+1 415-555-0199","status":"success","pages":3,"attempt":2,"duplicate":true,\
        "delivery_count":3,"event_seq":12,"remote":"34.65.146.131","received_at":"2026-10-17T10:04:31.250Z"}
        """)
        #expect(HeadlessLine.format(.duplicate(repeated)).contains("\"event\":null,"))
    }

    @Test func rejectedLineHasExactlyTheDocumentedShape() {
        let rejection = Rejection(seq: 3, receivedAt: Self.receivedAt, remote: "127.0.0.1", code: 422,
                                  reason: "data.pages: expected a number", field: "data.pages")
        #expect(HeadlessLine.format(.rejected(rejection)) == """
        {"kind":"rejected","code":422,"reason":"data.pages: expected a number","remote":"127.0.0.1","received_at":"2026-10-17T10:04:31.250Z"}
        """)
    }

    @Test func controlCharactersNeverReachTheTerminalRaw() {
        let hostile = FaxEvent(hookID: "x\u{1b}[2J", hookEvent: "fax_sent\n{\"kind\":\"fake\"}", dataID: "d\u{7}")
        let line = HeadlessLine.format(.accepted(AcceptedDelivery(seq: 1, event: hostile, receivedAt: 0, remote: "r")))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(line.contains("x\\u001b[2J"))
        #expect(line.contains("fax_sent\\n{\\\"kind\\\":\\\"fake\\\"}"))
    }
}

@Suite struct ReceiverStatusTests {
    @Test func defaultsShowTheAllowlistAndWarnAboutNoToken() {
        let status = ReceiverStatus(configuration: ReceiverConfiguration(), boundPort: 8080)
        #expect(status.url == "http://0.0.0.0:8080/webhook")
        #expect(status.allowlist == "34.65.253.117/32 34.65.146.131/32 127.0.0.0/8 ::1/128")
        #expect(status.trustedProxies == "127.0.0.0/8 ::1/128")
        #expect(status.warnings == ["no token: anyone allowed to connect may post (set --token)"])
    }

    @Test func tokenIsMaskedAndAllowAnyWarns() {
        let configuration = ReceiverConfiguration(host: "::", port: 9000, path: "hooks/fax/", token: "s3cr3t-token-123",
                                                  allowAny: true, trustProxy: [])
        let status = ReceiverStatus(configuration: configuration)
        #expect(status.url == "http://[::]:9000/hooks/fax/s3…23")
        #expect(status.allowlist == "any")
        #expect(status.trustedProxies == "none")
        #expect(status.warnings == ["allow-any: the allowlist is off, any address may post"])
        #expect(!status.summary.contains("s3cr3t"))
        #expect(status.summary == "listening on http://[::]:9000/hooks/fax/s3…23 · allow any · trust-proxy none · ⚠ allow-any: the allowlist is off, any address may post")
    }
}
