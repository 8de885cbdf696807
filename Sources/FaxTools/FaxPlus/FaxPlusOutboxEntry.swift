import Foundation

/// A fax not yet sent, as `GET /accounts/self/outbox` lists it (the SDK's `Outbox` model).
public struct FaxPlusOutboxEntry: Sendable, Equatable {
    public var id: String
    public var to: [String]
    public var pages: Int?
    /// `submitted`, `converting`, `scheduled_for_sending` or `sending`.
    public var status: String
    /// When the status last changed (`YYYY-MM-DD HH:mm:ss`, UTC), else when it was submitted.
    public var statusSince: String?

    public init(id: String, to: [String], pages: Int?, status: String, statusSince: String?) {
        self.id = id
        self.to = to
        self.pages = pages
        self.status = status
        self.statusSince = statusSince
    }

    /// Reads one record; nil without a string `id`.
    init?(json object: [String: Any]) {
        guard let id = object["id"] as? String, !id.isEmpty else { return nil }
        let to = object["to"] as? [String] ?? (object["to"] as? String).map { [$0] } ?? []
        self.init(id: id, to: to, pages: FaxPlusFax.integer(object["page_count"] ?? object["pages"]),
                  status: object["status"] as? String ?? "submitted",
                  statusSince: object["last_updated_status_time"] as? String ?? object["submit_time"] as? String)
    }

    /// `{"records":[Outbox]}` (also under `data`).
    static func decodeList(_ body: [UInt8]) throws(FaxPlusError) -> [FaxPlusOutboxEntry] {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let records = object?["records"] as? [Any] ?? (object?["data"] as? [String: Any])?["records"] as? [Any]
        guard let records else {
            throw .unexpected(status: 200, message: "expected {\"records\":[…]}, got: \(FaxPlusClient.excerpt(body))")
        }
        var entries: [FaxPlusOutboxEntry] = []
        for (index, item) in records.enumerated() {
            guard let record = item as? [String: Any], let entry = FaxPlusOutboxEntry(json: record) else {
                throw .unexpected(status: 200, message: "outbox record \(index) has no id: \(FaxPlusClient.excerpt(body))")
            }
            entries.append(entry)
        }
        return entries
    }
}

extension FaxPlusClient {
    /// The faxes the account has submitted and Fax.Plus has not finished sending.
    public func outbox() async throws(FaxPlusError) -> [FaxPlusOutboxEntry] {
        try FaxPlusOutboxEntry.decodeList(try await send("GET", path: "/accounts/self/outbox").body)
    }
}
