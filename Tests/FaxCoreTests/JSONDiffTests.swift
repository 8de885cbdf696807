import FaxCore
import Testing

@Suite struct JSONDiffTests {
    static func diff(_ left: String, _ right: String) throws -> JSONDiff {
        JSONDiff(try JSONParser.parse(Array(left.utf8)), try JSONParser.parse(Array(right.utf8)))
    }

    @Test func fieldsByPathInDocumentOrderWithTheirChange() throws {
        let diff = try Self.diff(
            #"{"hook":{"id":"a1","event_time":"2026-10-17 09:58:12"},"data":{"id":"a1","pages":3,"status":"failed_user_busy","tags":[]}}"#,
            #"{"hook":{"id":"b2","event_time":"2026-10-17 10:04:30"},"data":{"id":"a1","pages":3.0,"status":"success","cost":0.5,"tags":["x"]}}"#)
        #expect(diff.fields.map(\.path) == ["hook.id", "hook.event_time", "data.id", "data.pages", "data.status", "data.cost",
                                            "data.tags[0]", "data.tags"])
        #expect(diff.fields.map(\.change) == [.changed, .changed, .same, .changed, .changed, .added, .added, .removed])
        #expect(diff.fields[4] == JSONDiff.Field(path: "data.status", left: #""failed_user_busy""#, right: #""success""#))
        #expect(diff.fields[3].left == "3" && diff.fields[3].right == "3.0", "numbers compared as written")
        #expect(diff.differences.map(\.path) == ["hook.id", "hook.event_time", "data.pages", "data.status", "data.cost",
                                                 "data.tags[0]", "data.tags"])
    }

    @Test func identicalDocumentsHaveNoDifferencesAndScalarsHaveAnEmptyPath() throws {
        #expect(try Self.diff(#"{"a":[1,{"b":null}],"c":true}"#, #"{"a":[1,{"b":null}],"c":true}"#).differences.isEmpty)
        let scalars = try Self.diff("1", "\"1\"")
        #expect(scalars.fields == [JSONDiff.Field(path: "", left: "1", right: #""1""#)])
    }

    @Test func fieldsOnlyInTheRightFollowTheirPredecessorThere() throws {
        let diff = try Self.diff(#"{"a":1,"d":4}"#, #"{"a":1,"b":2,"c":3,"d":4,"e":5}"#)
        #expect(diff.fields.map(\.path) == ["a", "b", "c", "d", "e"])
        #expect(diff.fields.map(\.change) == [.same, .added, .added, .same, .added])
    }

    /// A payload may carry thousands of fields the other lacks (64 KiB of them): the diff stays linear.
    @Test func thousandsOfAddedFieldsCostLittle() throws {
        let extra = (0..<8000).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let started = ContinuousClock.now
        let diff = try Self.diff(#"{"a":1}"#, "{\"a\":2,\(extra)}")
        #expect(ContinuousClock.now - started < .seconds(5), "a guard against quadratic time, not a benchmark")
        #expect(diff.fields.count == 8001)
        #expect(diff.fields[0].change == .changed && diff.fields[8000] == JSONDiff.Field(path: "k7999", left: nil, right: "7999"))
    }
}
