import FaxCore
import FaxTestSupport
import Foundation
import Synchronization
@testable import FaxStore

/// A fresh directory under the system temp dir, removed when the test is done with it.
final class TempDirectory: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "faxtop-store-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { path + "/db/events.sqlite" }

    deinit {
        if geteuid() == 0 { _ = try? ChildProcess.run("/usr/bin/chattr", ["-R", "-i", path], timeout: 30) }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Collects what a store hands its sink.
final class SinkRecorder: Sendable {
    private let batches = Mutex<[[Delivery]]>([])

    var sink: DeliverySink { { batch in self.batches.withLock { $0.append(batch) } } }
    var deliveries: [Delivery] { batches.withLock { $0.flatMap { $0 } } }
    var seqs: [Int64] { deliveries.map(\.seq) }
    var batchCount: Int { batches.withLock { $0.count } }
}

enum Sample {
    /// A fax_sent event; `hook` defaults to `data` (a first attempt).
    static func event(
        data: String, hook: String? = nil, kind: String = "fax_sent", status: String = "success",
        from: String = "+1 212-555-0147", to: String = "+1 415-555-0199", fileName: String = "report.pdf"
    ) -> FaxEvent {
        let hookID = hook ?? data
        let raw = """
            {"hook":{"id":\(JSONText.quote(hookID)),"event":\(JSONText.quote(kind)),"event_time":"2026-10-17 10:04:30","target":"https://hooks.example.com/faxplus"},
             "data":{"id":\(JSONText.quote(data)),"uid":"u1","pages":3,"from":\(JSONText.quote(from)),"to":\(JSONText.quote(to)),
             "start_time":"2026-10-17 10:03:02","file":"f.tiff","file_name":\(JSONText.quote(fileName)),"cost":3,"status":\(JSONText.quote(status))}}
            """
        return FaxEvent(
            hookID: hookID, hookEvent: kind, eventTime: "2026-10-17 10:04:30", target: "https://hooks.example.com/faxplus",
            dataID: data, uid: "u1", pages: 3, from: from, to: to, startTime: "2026-10-17 10:03:02", file: "f.tiff",
            fileName: fileName, cost: 3, status: FaxStatus(raw: status), raw: Array(raw.utf8))
    }

    static func rejection(code: Int = 422, reason: String = "data.pages: expected a number", body: String = "{}") -> Rejection {
        Rejection(receivedAt: 1_000, remote: "10.0.0.9", code: code, reason: reason, field: "data.pages",
                  method: "POST", path: "/webhook", body: Array(body.utf8))
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        try Fixtures.bytes("valid/\(name)")
    }
}

func fileMode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
}

/// Makes `path` unwritable, even for root (which ignores file modes): `chattr +i` when root.
func setWritable(_ path: String, _ writable: Bool) throws {
    if geteuid() == 0 {
        let run = try ChildProcess.run("/usr/bin/chattr", [writable ? "-i" : "+i", path], timeout: 30)
        guard run.status == 0 else { throw ChildProcess.Failure("chattr failed: \(run.stderr)") }
    } else {
        try FileManager.default.setAttributes([.posixPermissions: writable ? 0o600 : 0o400], ofItemAtPath: path)
    }
}
