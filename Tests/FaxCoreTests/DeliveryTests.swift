import FaxTestSupport
import Testing
import FaxCore

@Suite("EventKind, Delivery and FeedRecord")
struct DeliveryTests {
    @Test(arguments: [
        ("fax_sent", EventKind.sent, "sent"), ("fax_received", .received, "received"),
        ("fax_page_received", .other("fax_page_received"), "fax_page_received"), ("FAX_SENT", .other("FAX_SENT"), "FAX_SENT"),
    ])
    func eventKind(hookEvent: String, kind: EventKind, short: String) {
        #expect(EventKind(hookEvent: hookEvent) == kind)
        #expect(kind.hookEvent == hookEvent)
        #expect(kind.shortName == short)
    }

    @Test("a feed record keeps what the feed shows and matches on")
    func recordFromAcceptedDelivery() throws {
        let event = try Fixtures.event("fax_sent_retry.json")
        let delivery = AcceptedDelivery(seq: 12, event: event, receivedAt: 1_792_231_470_123, remote: "34.65.253.117")
        let record = FeedRecord(delivery)
        #expect(record.seq == 12)
        #expect(record.receivedAt == 1_792_231_470_123)
        #expect(record.remote == "34.65.253.117")
        #expect(record.kind == .sent)
        #expect(record.hookEvent == "fax_sent")
        #expect(record.fromDigits == "12125550147")
        #expect(record.toDigits == "14155550199")
        #expect(record.from == "+1 212-555-0147")
        #expect(record.pages == 3 && record.cost == 3)
        #expect(record.eventTime == FaxTimestamp.parse("2026-10-17 10:04:30"))
        #expect(record.fileName == "fax-to-14155550199")
        #expect(record.isRetry && !record.isDuplicate && !record.isRejection)
        #expect(FeedRecord(delivery, deliveryCount: 2).isDuplicate)
        #expect(Delivery.accepted(delivery).seq == 12)
        #expect(Delivery.accepted(delivery).receivedAt == 1_792_231_470_123)
    }

    @Test("missing optional fields become empty or zero, not crashes")
    func recordFromSparseEvent() {
        let record = FeedRecord(AcceptedDelivery(
            seq: 1, event: FaxEvent(hookID: "h", hookEvent: "fax_page_received", dataID: "h"), receivedAt: 0, remote: ""
        ))
        #expect(record.kind == .other("fax_page_received"))
        #expect(record.from.isEmpty && record.fromDigits.isEmpty && record.fileName.isEmpty)
        #expect(record.pages == 0 && record.cost == 0 && record.eventTime == nil && record.status == nil)
        #expect(!record.isRetry)
    }

    @Test("a rejection keeps at most 4 KiB of the body and says it cut it")
    func rejectionBodyIsCapped() {
        let big = [UInt8](repeating: 0x41, count: Rejection.maxStoredBody + 1)
        let cut = Rejection(receivedAt: 5, remote: "10.0.0.1", code: 413, reason: "too large", body: big)
        #expect(cut.body.count == Rejection.maxStoredBody)
        #expect(cut.bodyTruncated)
        let small = Rejection(receivedAt: 5, remote: "10.0.0.1", code: 400, reason: "empty body", body: [0x7B])
        #expect(small.body == [0x7B] && !small.bodyTruncated)
        let exact = Rejection(receivedAt: 5, remote: "", code: 400, reason: "", body: Array(big.dropLast()))
        #expect(!exact.bodyTruncated)
    }

    @Test func recordFromRejection() {
        let rejection = Rejection(seq: 9, receivedAt: 77, remote: "203.0.113.5", code: 403, reason: "client IP not allowed")
        let record = FeedRecord(rejection)
        #expect(record.isRejection && !record.isRetry && !record.isDuplicate)
        #expect(record.kind == nil)
        #expect(record.rejection?.code == 403)
        #expect(record.rejection?.reason == "client IP not allowed")
        #expect(record.seq == 9 && record.receivedAt == 77 && record.remote == "203.0.113.5")
        #expect(Delivery.rejected(rejection).seq == 9)
    }

    @Test func duplicateDelivery() {
        let dup = DuplicateDelivery(seq: 20, eventSeq: 3, deliveryCount: 2, receivedAt: 99, remote: "127.0.0.1")
        #expect(Delivery.duplicate(dup).seq == 20)
        #expect(Delivery.duplicate(dup).receivedAt == 99)
    }
}
