import FaxCore
import FaxTestSupport
import Foundation
import Testing
@testable import FaxTools

@Suite struct SendPlanTests {
    @Test func shellQuoting() {
        #expect(ShellQuote.quote("http://127.0.0.1:8080/webhook") == "http://127.0.0.1:8080/webhook")
        #expect(ShellQuote.quote("") == "''")
        #expect(ShellQuote.quote("a b") == "'a b'")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
        #expect(ShellQuote.quote("$HOME `x` \"q\" !") == "'$HOME `x` \"q\" !'")
        #expect(ShellQuote.quote("a?b&c") == "'a?b&c'")
    }

    @Test func shellQuotingSurvivesARealShell() throws {
        let nasty = "it's \"quoted\" $HOME `id` \\ ! * ? ; & | > < é\nnewline"
        let run = try ChildProcess.run("/bin/sh", ["-c", "printf %s " + ShellQuote.quote(nasty)], timeout: 30)
        #expect(run.stdout == nasty)
    }

    @Test func curlCommand() {
        let command = CurlCommand(url: "http://127.0.0.1:8080/webhook?token=a%2Bb", body: .text("{\"x\":\"it's\"}"))
        #expect(command.rendered == "curl -sS -X POST -H 'Content-Type: application/json' --data-binary '{\"x\":\"it'\\''s\"}' 'http://127.0.0.1:8080/webhook?token=a%2Bb'")
        let file = CurlCommand(url: "http://h/webhook", body: .file("my payload.json"))
        #expect(file.rendered.contains("--data-binary '@my payload.json'"))
    }

    @Test func webhookURLAddsTheToken() throws {
        #expect(try SendPlan.webhookURL("http://127.0.0.1:8080/webhook", token: nil).absoluteString == "http://127.0.0.1:8080/webhook")
        #expect(try SendPlan.webhookURL("http://127.0.0.1:8080/webhook", token: "a+b c&d").absoluteString
                == "http://127.0.0.1:8080/webhook?token=a%2Bb%20c%26d")
        #expect(try SendPlan.webhookURL("http://h/webhook?token=old&x=1", token: "new").absoluteString == "http://h/webhook?x=1&token=new")
        #expect(throws: SendError.self) { try SendPlan.webhookURL("ftp://h/webhook", token: nil) }
        #expect(throws: SendError.self) { try SendPlan.webhookURL("not a url", token: nil) }
    }

    @Test func eventNames() {
        #expect(SendPlan.hookEvent("sent") == "fax_sent")
        #expect(SendPlan.hookEvent("Received") == "fax_received")
        #expect(SendPlan.hookEvent("fax_page_received") == "fax_page_received")
    }

    @Test func generatedBodies() throws {
        let decoder = WebhookDecoder()
        let fresh = try SendPlan.generated(PayloadSpec(), count: 3, seed: 1, now: 1_792_000_000).map { try decoder.decode($0) }
        #expect(Set(fresh.map(\.dataID)).count == 3)
        let retries = try SendPlan.generated(PayloadSpec(retryOf: "6710c3a29e4b1f0c7d2a5e81"), count: 3, seed: 1, now: 1_792_000_000)
            .map { try decoder.decode($0) }
        #expect(Set(retries.map(\.dataID)) == ["6710c3a29e4b1f0c7d2a5e81"])
        #expect(Set(retries.map(\.hookID)).count == 3)
        #expect(retries.map { $0.eventTimeSeconds! } == [1_792_000_000, 1_792_000_001, 1_792_000_002])
    }
}
