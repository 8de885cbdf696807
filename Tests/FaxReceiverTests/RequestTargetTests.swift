@testable import FaxReceiver
import Testing

@Suite struct RequestTargetTests {
    @Test func classifiesAndRedacts() {
        func target(_ path: String, _ query: String? = nil, webhook: String = "/webhook", token: Bool = true) -> RequestTarget {
            RequestTarget(path: path, query: query, webhookPath: webhook, tokenInPath: token)
        }
        #expect(target("/webhook") == RequestTarget(kind: .webhook, presentedToken: nil, redactedPath: "/webhook"))
        #expect(target("/webhook/", "a=1&token=s%2Bx&b") ==
                RequestTarget(kind: .webhook, presentedToken: "s+x", redactedPath: "/webhook?a=1&token=***&b"))
        #expect(target("/webhook/se%20cret") == RequestTarget(kind: .webhook, presentedToken: "se cret", redactedPath: "/webhook/***"))
        #expect(target("/webhook/a+b") .presentedToken == "a+b")
        #expect(target("/webhook/a/b").kind == .notFound)
        #expect(target("/webhook/abc", token: false).kind == .notFound)
        #expect(target("/healthz").kind == .health)
        #expect(target("/healthz", webhook: "/").kind == .health)
        #expect(target("/secret", webhook: "/") == RequestTarget(kind: .webhook, presentedToken: "secret", redactedPath: "/***"))
        #expect(target("/", webhook: "/").kind == .webhook)
        #expect(target("/hooks/fax/t0k", webhook: "/hooks/fax").presentedToken == "t0k")
        #expect(target("/other").kind == .notFound)
    }
}
