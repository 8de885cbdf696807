import Testing
import FaxCore

@Suite("FaxStatus")
struct FaxStatusTests {
    static let documentedRaw = [
        "success", "partially_sent", "partially_received", "insufficient_credit", "failed",
        "failed_internal_process_error", "failed_user_busy", "failed_no_answer", "failed_unallocated_number",
        "failed_office_converter_issue", "failed_separate_file_pages_issue", "failed_render_header_issue",
        "failed_invalid_number_format", "failed_mimetype_not_supported", "failed_destination_not_supported",
        "failed_image_preparation", "failed_to_send", "failed_normal_temporary_failure",
        "failed_unknown_converter_issue", "failed_normal_clearing", "failed_convert_to_tiff_issue",
        "failed_fs_49", "failed_fs_2",
    ]

    @Test("exactly the 23 documented values, in the API's order")
    func documentedValues() {
        #expect(FaxStatus.documented.count == 23)
        #expect(FaxStatus.documented.map(\.raw) == Self.documentedRaw)
        #expect(Set(FaxStatus.documented.map(\.status)).count == 23)
    }

    @Test("raw ↔ enum round trip", arguments: documentedRaw)
    func roundTrip(raw: String) {
        let status = FaxStatus(raw: raw)
        #expect(status.raw == raw)
        if case .unknown = status { Issue.record("\(raw) is documented but decoded as unknown") }
        #expect(FaxStatus(raw: status.raw) == status)
    }

    @Test("outcome classes", arguments: documentedRaw)
    func outcome(raw: String) {
        let expected: FaxStatus.Outcome
        switch raw {
        case "success": expected = .succeeded
        case "partially_sent", "partially_received": expected = .partial
        case "insufficient_credit": expected = .noCredit
        default:
            #expect(raw.hasPrefix("failed"))
            expected = .failed
        }
        #expect(FaxStatus(raw: raw).outcome == expected)
    }

    @Test("every status has a one-line meaning", arguments: documentedRaw + ["failed_new_thing", "weird"])
    func meaning(raw: String) {
        let meaning = FaxStatus(raw: raw).meaning
        #expect(!meaning.trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(!meaning.contains("\n"))
    }

    @Test func meaningsDiffer() {
        #expect(Set(FaxStatus.documented.map(\.meaning)).count == 23)
        #expect(FaxStatus.failedUserBusy.meaning.contains("busy"))
    }

    @Test func unknownValues() {
        #expect(FaxStatus(raw: "failed_new_thing") == .unknown("failed_new_thing"))
        #expect(FaxStatus(raw: "failed_new_thing").outcome == .failed)
        #expect(FaxStatus(raw: "failed_new_thing").meaning.contains("failed"))
        #expect(FaxStatus(raw: "weird").outcome == .unknown)
        #expect(FaxStatus(raw: "weird").raw == "weird")
        #expect(FaxStatus(raw: "").outcome == .unknown)
        #expect(FaxStatus(raw: "Success") == .unknown("Success"))
        #expect(FaxStatus(raw: "queued").meaning != FaxStatus(raw: "failed_x").meaning)
    }
}
