import FaxTestSupport
import Testing
import FaxCore

/// A small feed built from the sample fixtures plus a few hand-made records:
/// 1 sent first attempt (212→415, success)      2 sent retry of 1 (failed_user_busy)
/// 3 received (646→212, success)                4 received, SDK spelling (+44…→212, success)
/// 5 fax_page_received, no status               6 rejected 422 from 10.0.0.9
/// 7 sent, delivered twice (555-123-4567→303, insufficient_credit)   8 received, status "failed"
private func feed() throws -> [FeedRecord] {
    [
        Make.record(seq: 1, try Fixtures.event("fax_sent_first_attempt.json")),
        Make.record(seq: 2, try Fixtures.event("fax_sent_retry.json")),
        Make.record(seq: 3, try Fixtures.event("fax_received.json")),
        Make.record(seq: 4, try Fixtures.event("fax_received_sdk_field_names.json")),
        Make.record(seq: 5, Make.event(hookID: "pg01", dataID: "pg01", event: "fax_page_received", from: "+1 303-555-0100", to: nil, status: nil)),
        Make.rejection(seq: 6, code: 422, reason: "data.pages: expected a number", remote: "10.0.0.9"),
        Make.record(seq: 7, Make.event(hookID: "aa77", dataID: "aa77", from: "+1 (555) 123-4567", to: "+1 303-555-0100",
                                       status: "insufficient_credit", fileName: "Quarterly REPORT.pdf"), deliveryCount: 2),
        Make.record(seq: 8, Make.event(hookID: "bb88", dataID: "bb88", event: "fax_received", from: "+1 303-555-0100",
                                       to: "+1 415-555-0199", status: "failed")),
    ]
}

private func matches(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Int64] {
    let filter = try FilterParser.parse(query)
    #expect(filter.query == query.trimmingCharacters(in: .whitespaces), sourceLocation: sourceLocation)
    return try feed().filter(filter.matches).map(\.seq)
}

private func parseError(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) -> FilterError? {
    do {
        let filter = try FilterParser.parse(query)
        Issue.record("\(query) parsed as \(filter.terms)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("Filter")
struct FilterTests {
    @Test func emptyQueryMatchesEverything() throws {
        #expect(try matches("") == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try matches("   \t ") == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try FilterParser.parse("").isEmpty)
        #expect(try feed().allSatisfy(Filter.all.matches))
    }

    @Test(arguments: [
        ("event:sent", [1, 2, 7] as [Int64]), ("event:fax_sent", [1, 2, 7]), ("EVENT:Sent", [1, 2, 7]),
        ("event:received", [3, 4, 8]), ("event:fax_received", [3, 4, 8]),
        ("event:other", [5]), ("event:fax_page_received", [5]), ("event:fax_nothing", []),
    ])
    func event(query: String, expected: [Int64]) throws {
        #expect(try matches(query) == expected)
    }

    @Test("number: matches the digits of from or to, however they were spelled")
    func number() throws {
        #expect(try matches("number:2125550147") == [1, 2, 3, 4])
        #expect(try matches("number:1555") == [1, 2, 7, 8])  // 1 555 in 14155550199 too
        #expect(try matches("number:+1-555") == [1, 2, 7, 8])
        #expect(try matches("number:1555123") == [7])
        #expect(try matches("number:(415)") == [1, 2, 8])
        #expect(try matches("number:442079460018") == [4])
        #expect(try matches("number:99999") == [])
    }

    @Test func fromAndTo() throws {
        #expect(try matches("from:2125550147") == [1, 2])
        #expect(try matches("to:2125550147") == [3, 4])
        #expect(try matches("from:3035550100") == [5, 8])
        #expect(try matches("to:3035550100") == [7])
    }

    @Test("status: is a prefix, so failed also means failed_*")
    func status() throws {
        #expect(try matches("status:failed") == [2, 8])
        #expect(try matches("status:FAILED_USER") == [2])
        #expect(try matches("status:success") == [1, 3, 4])
        #expect(try matches("status:insufficient") == [7])
        #expect(try matches("status:partially") == [])
    }

    @Test("id: is a prefix of the hook id or the data id")
    func id() throws {
        #expect(try matches("id:6710c3") == [1, 2])
        #expect(try matches("id:6710c4f") == [2])
        #expect(try matches("id:6710c80f5d2e4a9b1c3f7e60") == [3])
        #expect(try matches("id:10c3") == [])
        #expect(try matches("id:aa") == [7])
    }

    @Test func isTerms() throws {
        #expect(try matches("is:retry") == [2])
        #expect(try matches("is:dup") == [7])
        #expect(try matches("is:duplicate") == [7])
        #expect(try matches("is:rejected") == [6])
        #expect(try matches("is:Rejection") == [6])
    }

    @Test("bare words match ids, numbers, file name and status, ignoring case")
    func words() throws {
        #expect(try matches("BUSY") == [2])
        #expect(try matches("fax-to") == [1, 2])
        #expect(try matches("report") == [7])
        #expect(try matches("6710C80F") == [3])
        #expect(try matches("646-555") == [3])
        #expect(try matches("16465550123") == [3])
        #expect(try matches("credit") == [7])
        // Rejections match on their reason, code and remote address.
        #expect(try matches("expected") == [6])
        #expect(try matches("422") == [6])
        #expect(try matches("10.0.0.9") == [6])
        #expect(try matches("nothing-like-this") == [])
    }

    @Test("a bare word typed exactly as shown matches, also outside ASCII")
    func nonASCIIWords() throws {
        let record = Make.record(seq: 1, Make.event(hookID: "h", dataID: "h", fileName: "ÄRZTE-Befund 日本.pdf"))
        for query in ["ÄRZTE", "Befund", "befund", "BEFUND", "日本", "ÄRZTE-befund"] {
            #expect(try FilterParser.parse(query).matches(record), "\(query)")
        }
        #expect(try !FilterParser.parse("ärzte-x").matches(record))
    }

    @Test("! negates a single term")
    func negation() throws {
        #expect(try matches("!is:retry") == [1, 3, 4, 5, 6, 7, 8])
        #expect(try matches("!event:sent") == [3, 4, 5, 6, 8])
        #expect(try matches("!status:failed") == [1, 3, 4, 5, 6, 7])
        #expect(try matches("!busy") == [1, 3, 4, 5, 6, 7, 8])
        let filter = try FilterParser.parse("!is:dup")
        #expect(filter.terms.count == 1 && filter.terms[0].negated)
    }

    @Test("a term that starts with a combining mark is a term of its own")
    func combiningMarkAfterSpace() throws {
        // " \u{301}" is one Character: splitting on Characters glued "\u{301}x" to "report".
        let filter = try FilterParser.parse("report \u{301}x")
        #expect(filter.terms.count == 2)
        #expect(filter.terms.map(\.predicate) == [.word("report"), .word("\u{301}x")])
        #expect(try matches("report \u{301}x") == [])
        #expect(try matches("quarterly !\u{301}x") == [7])
    }

    @Test("several terms must all hold")
    func conjunction() throws {
        #expect(try matches("event:sent status:failed") == [2])
        #expect(try matches("number:2125550147 !event:received") == [1, 2])
        #expect(try matches("event:received\tnumber:4155550199") == [8])
        #expect(try matches("event:sent event:received") == [])
        #expect(try matches("is:retry id:6710c3 fax") == [2])
    }

    @Test("a bad term throws a FilterError that names it", arguments: [
        ("foo:bar", "foo:bar"), ("number:abc", "number:abc"), ("is:nothing", "is:nothing"), ("!", "!"),
        ("event:sent foo:bar", "foo:bar"), ("!foo:bar", "!foo:bar"), ("event:", "event:"), ("id:", "id:"),
        ("status:", "status:"), ("from:12a", "from:12a"), ("to:", "to:"), ("number:１２３", "number:１２３"),
        ("event:sent !", "!"),
    ])
    func badTerm(query: String, term: String) {
        guard let error = parseError(query) else { return }
        #expect(error.term == term)
        #expect(!error.message.isEmpty)
        #expect(error.description.hasPrefix(term + ": "))
    }

    @Test func badTermMessagesHelp() {
        #expect(parseError("foo:bar")?.message.contains("unknown field 'foo'") == true)
        #expect(parseError("number:abc")?.message.contains("digits") == true)
        #expect(parseError("is:nothing")?.message.contains("retry") == true)
    }
}
