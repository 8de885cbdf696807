import FaxCore
import Foundation

/// A receiver's announcement as one JSON line in the lock file:
/// `{"url":"http://0.0.0.0:8080/webhook/de…6c","started":1764756000000,"mode":"serve"}`.
enum PresenceText {
    static func encode(_ presence: ReceiverPresence) -> String {
        "{\"url\":\(JSONText.quote(presence.url)),\"started\":\(presence.startedAt),\"mode\":\(JSONText.quote(presence.mode))}"
    }

    static func decode(_ line: String) -> ReceiverPresence? {
        guard let value = try? JSONParser.parse(Array(line.utf8)) else { return nil }
        guard case .string(let url)? = value["url"], case .number(let number, _)? = value["started"],
              let started = Int64(exactly: number.rounded(.down)) else { return nil }
        var mode = ""
        if case .string(let text)? = value["mode"] { mode = text }
        return ReceiverPresence(pid: 0, url: url, startedAt: started, mode: mode)
    }
}
