import FaxTestSupport
import Foundation

/// Webhook bodies for tests: the sample fixtures, and generated deliveries with chosen ids.
enum Payloads {
    /// A fixture of `Tests/Fixtures` as text (`"valid/fax_received.json"`).
    static func fixture(_ name: String) throws -> String {
        try Fixtures.text(name)
    }

    static func fax(
        event: String = "fax_sent", hookID: String, dataID: String? = nil, status: String = "success", pages: Int = 3
    ) -> String {
        """
        {"hook":{"id":"\(hookID)","event":"\(event)","event_time":"2026-10-17 09:58:12","target":"https://hooks.example.com/faxplus"},\
        "data":{"id":"\(dataID ?? hookID)","uid":"7c1e2f9a","pages":\(pages),"from":"+1 212-555-0147","to":"+1 415-555-0199",\
        "start_time":"2026-10-17 09:56:40","file":"a.tiff","file_name":"fax-to-14155550199","cost":3,"status":"\(status)"}}
        """
    }
}
