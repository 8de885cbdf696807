import Testing
import FaxCore

/// FeedIndex answers a filter from its search columns; `Filter.matches` is the definition. These tests
/// build random feeds full of awkward values and check the two agree for many random queries, after
/// updates and after appends under an active filter.
@Suite("FeedIndex agrees with Filter.matches")
struct FeedIndexFilterAgreementTests {
    @Test("random feeds and queries, with updates and appends under the filter")
    func randomQueries() throws {
        var random = SplitMix64(seed: 7)
        var feed = RandomFeed()
        var index = FeedIndex()
        for _ in 0..<3000 { index.append(feed.next(&random)) }

        for _ in 0..<400 { try expectAgreement(&index, RandomQuery.make(&random)) }
        for filter in try RandomQuery.handBuilt() { expectAgreement(&index, filter) }

        for round in 0..<40 {
            let filter = try RandomQuery.make(&random)
            index.setFilter(filter)
            for _ in 0..<25 { RandomFeed.update(&index, &random) }
            for _ in 0..<(round % 3 == 0 ? 60 : 5) { index.append(feed.next(&random)) }
            let incremental = index.visible
            #expect(incremental == expected(index, filter), "incremental view for \(filter.query)")
            index.setFilter(filter)
            #expect(index.visible == incremental, "refilter after updates for \(filter.query)")
            for _ in 0..<5 { try expectAgreement(&index, RandomQuery.make(&random)) }
        }
    }

    @Test("a feed large enough to be split across threads")
    func largeFeed() throws {
        var random = SplitMix64(seed: 11)
        // Most faxes from a number of their own: the numbers table is large enough to be split too.
        var feed = RandomFeed(manyNumbers: true)
        var index = FeedIndex()
        for _ in 0..<70_000 { index.append(feed.next(&random)) }
        for _ in 0..<200 { RandomFeed.update(&index, &random) }
        let queries = ["fax-12", "a", "555", "number:555 !is:dup", "number:2125", "(212)", "from:21255 !to:555", "status:failed", "is:dup", "!is:retry id:a",
                       "!report 1", "event:sent 0147", "ärzte", "status:f !pages"]
        for query in queries { expectAgreement(&index, try FilterParser.parse(query)) }
        for _ in 0..<20 { expectAgreement(&index, try RandomQuery.make(&random)) }
    }

    @Test("an empty feed and a one-record feed")
    func tinyFeeds() throws {
        var index = FeedIndex()
        index.setFilter(try FilterParser.parse("fax"))
        #expect(index.visible.isEmpty)
        index.append(Make.record(seq: 1, Make.event(hookID: "ab", dataID: "ab", fileName: "fax-1")))
        #expect(index.visible == [0])
        index.setFilter(try FilterParser.parse("!fax"))
        #expect(index.visible.isEmpty)
        index.setFilter(try FilterParser.parse("id:ab fax-1 number:0147"))
        #expect(index.visible == [0])
    }

    private func expected(_ index: FeedIndex, _ filter: Filter) -> [Int32] {
        index.records.indices.filter { filter.matches(index.records[$0]) }.map(Int32.init)
    }

    private func expectAgreement(_ index: inout FeedIndex, _ filter: Filter, sourceLocation: SourceLocation = #_sourceLocation) {
        index.setFilter(filter)
        let want = expected(index, filter)
        guard index.visible != want else { return }
        let extra = Set(index.visible).subtracting(want).sorted().prefix(3).map { index.records[Int($0)] }
        let missing = Set(want).subtracting(index.visible).sorted().prefix(3).map { index.records[Int($0)] }
        Issue.record("\(filter.terms) disagrees; shown but not matching: \(extra); matching but not shown: \(missing)",
                     sourceLocation: sourceLocation)
    }
}

/// Records with the values that make matching hard: upper case, spaces and dashes in numbers, unknown
/// statuses, non-ASCII and canonically equivalent spellings, CR LF, NUL, empty fields.
private struct RandomFeed {
    var seq: Int64 = 0
    var hookIDs: [String] = []
    var manyNumbers = false

    static let idPieces = ["ab", "a", "0f", "12", "fax", "AB", "é", "e\u{301}", "\u{212A}", "\r\n", "-", "x", "\u{037E}"]
    static let numbers: [String?] = [
        "+1 212-555-0147", "(555) 123 4567", "5551234567", "", nil, "anonymous", "+44 20 7946 0958", "12-34",
        "Ab-12", "+1 415-555-0199", "0147", "555", "+1 (555) 123-4567 ext. 12", "\u{212A}1", "K1", "\u{e9}12", "e\u{301}12",
    ]
    static let statuses: [String?] = [
        "success", "failed", "failed_user_busy", "partially_sent", "insufficient_credit", "failed_fs_49", nil,
        "Weird_Status", "failed_custom", "SUCCESS", "success ", "", "Failed", "r\u{e9}ussi", "re\u{301}ussi",
    ]
    static let events = [
        "fax_sent", "fax_sent", "fax_received", "fax_page_received", "Fax_Sent", "other\u{301}", "", "fax_s\u{e9}nt",
        "fax_se\u{301}nt",
    ]
    static let fileNames: [String?] = [
        "fax-12.pdf", "Quarterly REPORT.pdf", "", nil, "Ärzte.tiff", "a\u{0}b", "fax_12", "FAX-120", "e\u{301}.pdf",
        "report 1",
    ]
    static let reasons = ["data.pages: expected a number", "not JSON", "body too large", "Bad Token", "ÄRZTE"]
    static let remotes = ["10.0.0.9", "203.0.113.7", "::1", "127.0.0.1"]

    mutating func next(_ random: inout SplitMix64) -> FeedRecord {
        seq += Int64.random(in: 1...3, using: &random)
        if Int.random(in: 0..<10, using: &random) == 0 {
            return Make.rejection(seq: seq, code: [400, 413, 422, 401].randomElement(using: &random)!,
                                  reason: Self.reasons.randomElement(using: &random)!,
                                  remote: Self.remotes.randomElement(using: &random)!)
        }
        let hookID = Self.id(&random)
        let dataID = !hookIDs.isEmpty && Bool.random(using: &random) ? hookIDs.randomElement(using: &random)! : hookID
        hookIDs.append(hookID)
        var record = Make.record(
            seq: seq,
            Make.event(hookID: hookID, dataID: dataID, event: Self.events.randomElement(using: &random)!,
                       from: number(&random), to: number(&random),
                       status: Self.statuses.randomElement(using: &random)!,
                       fileName: Self.fileNames.randomElement(using: &random)!),
            remote: Self.remotes.randomElement(using: &random)!,
            deliveryCount: Int.random(in: 0..<8, using: &random) == 0 ? 2 : 1)
        // A status the decoder never makes: a documented name kept as unknown.
        if Int.random(in: 0..<40, using: &random) == 0 { record.status = .unknown("success") }
        return record
    }

    func number(_ random: inout SplitMix64) -> String? {
        guard manyNumbers, Bool.random(using: &random) else { return Self.numbers.randomElement(using: &random)! }
        return "+1 (\(Int.random(in: 200...999, using: &random))) 555-\(Int.random(in: 1000...9999, using: &random))"
    }

    static func id(_ random: inout SplitMix64) -> String {
        let plain = Int.random(in: 0..<4, using: &random) != 0
        let pieces = plain ? ["ab", "a", "0f", "12", "fax", "x", "c3", "Ab", "K", ";", " "] : idPieces
        let count = Int.random(in: 0...4, using: &random)
        return (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    /// Mostly what a repeated delivery does (the count goes up), sometimes a change of searched text.
    static func update(_ index: inout FeedIndex, _ random: inout SplitMix64) {
        guard index.count > 0 else { return }
        let at = Int.random(in: 0..<index.count, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0: index.update(at: at) { $0.fileName = fileNames.randomElement(using: &random)! ?? "" }
        case 1: index.update(at: at) { $0.hookID = Self.id(&random) }
        case 2: index.update(at: at) { $0.status = statuses.randomElement(using: &random)!.map(FaxStatus.init(raw:)) }
        case 3: index.update(at: at) { $0.from = numbers.randomElement(using: &random)! ?? "" }
        case 4: index.update(at: at) { $0.deliveryCount = 1 }
        default: index.update(at: at) { $0.deliveryCount += 1 }
        }
    }
}

private enum RandomQuery {
    static let terms = [
        "event:sent", "event:received", "event:other", "event:fax_page_received", "event:fax_sent", "number:555",
        "number:212", "from:1", "to:0147", "number:4567", "number:12", "status:failed", "status:success", "status:f",
        "status:weird", "status:failed_custom", "id:a", "id:ab", "id:0", "id:AB", "id:é", "id:e", "id:K", "id:\u{212A}",
        "id:\r", "id:fax", "id:Ab", "id:aB", "id:A", "id:;", "id:\u{037E}", "id:k", "is:retry", "is:dup", "is:rejected", "fax-12", "fax", "a", "555", "5551234", "report",
        "REPORT", "422", "10.0.0", "pages", "sent", "received", "succ", "ärzte", "é", "e", "-", ".", "0147",
        "anonymous", "\u{212A}", "expected", "k1", "x\u{301}", "event:fax_s\u{e9}nt", "status:r\u{e9}", "status:re", "from:12", "ab", "\r", "1", "12", "_", "x", "weird", "success", "status:",
    ].filter { (try? FilterParser.parse($0)) != nil }

    static func make(_ random: inout SplitMix64) throws -> Filter {
        let count = Int.random(in: 1...3, using: &random)
        let query = (0..<count).map { _ in
            (Int.random(in: 0..<4, using: &random) == 0 ? "!" : "") + terms.randomElement(using: &random)!
        }
        return try FilterParser.parse(query.joined(separator: " "))
    }

    /// Predicates the parser never produces but the public type allows.
    static func handBuilt() throws -> [Filter] {
        let predicates: [Filter.Predicate] = [
            .word(""), .word("a\u{0}b"), .word("\u{0}"), .word("ABC"), .word("Fax"), .id(""), .id("a\u{0}"), .number(""),
            .number("abc"), .from(""), .event(.named("Fax_Sent")), .event(.named("")), .status(Filter.StatusPrefix("")),
        ]
        return try predicates.flatMap { predicate in
            try [false, true].map { negated in
                var filter = try FilterParser.parse("x")
                filter.terms[0].predicate = predicate
                filter.terms[0].negated = negated
                return filter
            }
        }
    }
}
