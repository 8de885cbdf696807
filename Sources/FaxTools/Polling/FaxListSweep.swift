/// How one poll pages through the account's faxes: every category over one fixed window, oldest
/// first, `pageSize` at a time, until a short page (the API has no total and no "has more").
///
/// Pure: the poller asks ``nextQuery``, fetches it, and hands the page to ``take(_:)``.
///
/// Why this loses nothing and repeats nothing: the window's bounds stay fixed for the whole sweep,
/// and oldest first a fax that arrives meanwhile lands at the end (or after `before`, for the next
/// sweep), so the offsets of pages not yet read stay put. Faxes sharing one `start_time` across a
/// page edge are split by offset, not by time, so none is skipped. Where the list still shifts (a
/// long fax listed late, under its earlier `start_time`), a fax is read twice, and ids already taken
/// in this sweep are dropped.
public struct FaxListSweep: Sendable {
    public static let categories = ["inbox", "sent", "spam"]

    public let after: String
    public let before: String
    public let pageSize: Int
    private let categories: [String]
    private var categoryIndex = 0
    private var offset = 0
    /// Ids taken in this sweep; the faxes themselves go to the caller page by page, so a sweep of
    /// many thousands holds only their ids.
    private var taken: Set<String> = []
    /// Requests made so far.
    public private(set) var pagesRead = 0

    public init(after: String, before: String, pageSize: Int = 100, categories: [String] = FaxListSweep.categories) {
        self.after = after
        self.before = before
        self.pageSize = max(1, pageSize)
        self.categories = categories
    }

    /// The next page to fetch; nil once every category has ended on a short page.
    public var nextQuery: FaxListQuery? {
        guard categoryIndex < categories.count else { return nil }
        return FaxListQuery(category: categories[categoryIndex], after: after, before: before,
                            limit: pageSize, offset: offset)
    }

    /// Records the page answering ``nextQuery`` and returns the faxes on it not yet taken.
    @discardableResult
    public mutating func take(_ page: [FaxPlusFax]) -> [FaxPlusFax] {
        guard categoryIndex < categories.count else { return [] }
        pagesRead += 1
        var fresh: [FaxPlusFax] = []
        for fax in page where taken.insert(fax.id).inserted {
            fresh.append(fax)
        }
        if page.count < pageSize {
            categoryIndex += 1
            offset = 0
        } else {
            offset += page.count
        }
        return fresh
    }
}
