import Foundation

/// One fax as `GET /accounts/self/faxes` lists it (the SDK's `Fax` model), reduced to what faxtop
/// journals, with the record's own JSON kept so nothing the API said is lost.
public struct FaxPlusFax: Sendable, Equatable {
    public var id: String
    /// `incoming` or `outgoing`.
    public var direction: String?
    public var from: String?
    public var to: String?
    public var pages: Int?
    public var status: String?
    /// In the account's currency (webhooks count pages instead).
    public var cost: Double?
    public var startTime: String?
    public var submitTime: String?
    /// When anything about the fax last changed (`YYYY-MM-DD HH:mm:ss`, UTC).
    public var lastUpdate: String?
    public var file: String?
    public var fileName: String?
    public var isSpam: Bool
    /// The record exactly as the API sent it, re-serialized with sorted keys.
    public var record: [UInt8]

    public init(id: String, direction: String? = nil, from: String? = nil, to: String? = nil, pages: Int? = nil,
                status: String? = nil, cost: Double? = nil, startTime: String? = nil, submitTime: String? = nil,
                lastUpdate: String? = nil, file: String? = nil, fileName: String? = nil, isSpam: Bool = false,
                record: [UInt8] = []) {
        self.id = id
        self.direction = direction
        self.from = from
        self.to = to
        self.pages = pages
        self.status = status
        self.cost = cost
        self.startTime = startTime
        self.submitTime = submitTime
        self.lastUpdate = lastUpdate
        self.file = file
        self.fileName = fileName
        self.isSpam = isSpam
        self.record = record
    }

    /// What identifies one sighting: a fax listed again with the same status and `last_update` is
    /// the same news; a change in either is new.
    public var version: String { "\(status ?? "")|\(lastUpdate ?? "")" }

    /// Reads one record; nil without a string `id`. The sender is `from` in the API's JSON and
    /// `from_number` in the documentation's example: both are read.
    public init?(json object: [String: Any]) {
        guard let id = object["id"] as? String, !id.isEmpty else { return nil }
        let record = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { [UInt8]($0) } ?? []
        self.init(
            id: id,
            direction: object["direction"] as? String,
            from: Self.text(object["from"]) ?? Self.text(object["from_number"]),
            to: Self.text(object["to"]) ?? Self.text(object["to_number"]),
            pages: Self.integer(object["pages"]),
            status: object["status"] as? String,
            cost: (object["cost"] as? NSNumber).map { $0.doubleValue },
            startTime: object["start_time"] as? String,
            submitTime: object["submit_time"] as? String,
            lastUpdate: object["last_update"] as? String,
            file: object["file"] as? String,
            fileName: object["file_name"] as? String,
            isSpam: (object["is_spam"] as? Bool) ?? false,
            record: record)
    }

    /// A number may come as a string or a list of strings (`to` of a fax sent to several numbers).
    static func text(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let list = value as? [String], !list.isEmpty { return list.joined(separator: ", ") }
        return nil
    }

    static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.isFinite, double == double.rounded(), abs(double) < 1e9 else { return nil }
        return Int(double)
    }
}
