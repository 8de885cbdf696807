import Foundation

/// One request of `GET /accounts/self/faxes`: the category, the time window and the page.
public struct FaxListQuery: Sendable, Equatable {
    /// `inbox`, `sent` or `spam`.
    public var category: String
    /// Bounds as the API writes times (`YYYY-MM-DD HH:mm:ss`, UTC). Whether the API includes a
    /// bound is not documented; the sweep does not rely on either.
    public var after: String
    public var before: String
    public var limit: Int
    public var offset: Int

    public init(category: String, after: String, before: String, limit: Int, offset: Int) {
        self.category = category
        self.after = after
        self.before = before
        self.limit = limit
        self.offset = offset
    }

    /// Oldest first: faxes that arrive while the sweep pages land after its `before` or at the end,
    /// so the offsets of the pages not yet read do not shift under it.
    public var queryItems: [URLQueryItem] {
        [URLQueryItem(name: "category", value: category),
         URLQueryItem(name: "after", value: after),
         URLQueryItem(name: "before", value: before),
         URLQueryItem(name: "limit", value: String(limit)),
         URLQueryItem(name: "offset", value: String(offset)),
         URLQueryItem(name: "sort_by", value: "date"),
         URLQueryItem(name: "order", value: "asc")]
    }
}

/// Reads the API's answers: `{"data":{"records":[Fax]}}` for the list (also `{"records":[…]}`),
/// the account, and its numbers. A body that is not the expected shape throws, so a half-read page
/// is never journaled.
enum FaxListDecoding {
    static func faxes(_ body: [UInt8]) throws(FaxPlusError) -> [FaxPlusFax] {
        let root = try? JSONSerialization.jsonObject(with: Data(body))
        let object = root as? [String: Any]
        let records = (object?["data"] as? [String: Any])?["records"] as? [Any] ?? object?["records"] as? [Any]
        guard let records else {
            throw .unexpected(status: 200, message: "expected {\"data\":{\"records\":[…]}}, got: \(FaxPlusClient.excerpt(body))")
        }
        var faxes: [FaxPlusFax] = []
        faxes.reserveCapacity(records.count)
        for (index, item) in records.enumerated() {
            guard let record = item as? [String: Any], let fax = FaxPlusFax(json: record) else {
                throw .unexpected(status: 200, message: "fax record \(index) has no id: \(FaxPlusClient.excerpt(body))")
            }
            faxes.append(fax)
        }
        return faxes
    }

    /// The account's name for the header: first and last name, else the e-mail, else the uid.
    static func accountName(_ body: [UInt8]) throws(FaxPlusError) -> String {
        guard let root = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw .unexpected(status: 200, message: "expected an account, got: \(FaxPlusClient.excerpt(body))")
        }
        let object = root["data"] as? [String: Any] ?? root
        let name = [object["name"] as? String, object["lastname"] as? String].compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: " ")
        let email = object["email"] as? String
        let label = [name.isEmpty ? nil : name, email].compactMap { $0 }.joined(separator: " · ")
        if !label.isEmpty { return label }
        if let uid = object["uid"] as? String { return uid }
        throw .unexpected(status: 200, message: "the account has no name, e-mail or uid: \(FaxPlusClient.excerpt(body))")
    }

    /// The account's numbers: `{"numbers":[{"number":…}]}` (also under `data`, or bare strings).
    static func numbers(_ body: [UInt8]) throws(FaxPlusError) -> [String] {
        let root = try? JSONSerialization.jsonObject(with: Data(body))
        let object = root as? [String: Any]
        let list = object?["numbers"] as? [Any] ?? (object?["data"] as? [String: Any])?["numbers"] as? [Any]
            ?? object?["data"] as? [Any] ?? root as? [Any]
        guard let list else {
            throw .unexpected(status: 200, message: "expected {\"numbers\":[…]}, got: \(FaxPlusClient.excerpt(body))")
        }
        return list.compactMap { item in
            if let number = item as? String { return number }
            return (item as? [String: Any])?["number"] as? String
        }
    }
}

extension FaxPlusClient {
    /// One page of the account's faxes.
    public func listFaxes(_ query: FaxListQuery) async throws(FaxPlusError) -> [FaxPlusFax] {
        let answer = try await send("GET", path: "/accounts/self/faxes", query: query.queryItems)
        return try FaxListDecoding.faxes(answer.body)
    }

    /// Who the token belongs to, as the header names the account.
    public func accountName() async throws(FaxPlusError) -> String {
        try FaxListDecoding.accountName(try await send("GET", path: "/accounts/self").body)
    }

    /// The account's own fax numbers.
    public func numbers() async throws(FaxPlusError) -> [String] {
        try FaxListDecoding.numbers(try await send("GET", path: "/accounts/self/numbers").body)
    }
}
