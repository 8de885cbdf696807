import FaxCore

/// Pretty-prints a JSON body as styled lines for the detail pane (keys, strings, numbers, literals in
/// their own colours). Strings are shown as the JSON would escape them, so nothing raw reaches the screen.
enum JSONHighlighter {
    typealias Segment = (text: String, role: StyleRole)

    static func lines(for body: [UInt8]) -> [[Segment]] {
        guard let value = try? JSONParser.parse(body) else {
            // Not JSON (a rejected body): show it as text, made safe, split at newlines.
            let text = TerminalSafeText.make(String(decoding: body, as: UTF8.self).replacingNewlines())
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { [(String($0), .normal)] }
        }
        var out: [[Segment]] = []
        var current: [Segment] = []
        emit(value, indent: 0, into: &out, current: &current, trailingComma: false)
        if !current.isEmpty { out.append(current) }
        return out
    }

    private static func emit(_ value: JSONValue, indent: Int, into out: inout [[Segment]], current: inout [Segment],
                             trailingComma: Bool) {
        let pad = String(repeating: "  ", count: indent)
        let comma: [Segment] = trailingComma ? [(",", .jsonPunctuation)] : []
        switch value {
        case .object(let members) where !members.isEmpty:
            current.append(("{", .jsonPunctuation))
            out.append(current)
            for (i, member) in members.enumerated() {
                current = [(pad + "  ", .normal), (JSONText.quote(member.key), .jsonKey), (": ", .jsonPunctuation)]
                emit(member.value, indent: indent + 1, into: &out, current: &current, trailingComma: i < members.count - 1)
                out.append(current)
            }
            current = [(pad, .normal), ("}", .jsonPunctuation)] + comma
        case .array(let elements) where !elements.isEmpty:
            current.append(("[", .jsonPunctuation))
            out.append(current)
            for (i, element) in elements.enumerated() {
                current = [(pad + "  ", .normal)]
                emit(element, indent: indent + 1, into: &out, current: &current, trailingComma: i < elements.count - 1)
                out.append(current)
            }
            current = [(pad, .normal), ("]", .jsonPunctuation)] + comma
        case .object: current += [("{}", .jsonPunctuation)] + comma
        case .array: current += [("[]", .jsonPunctuation)] + comma
        case .string(let s): current += [(JSONText.quote(s), .jsonString)] + comma
        case .number(_, let literal): current += [(literal, .jsonNumber)] + comma
        case .bool(let b): current += [(b ? "true" : "false", .jsonLiteral)] + comma
        case .null: current += [("null", .jsonLiteral)] + comma
        }
    }
}

extension String {
    /// CRLF and CR become LF, so a body's lines split the same whatever the sender used.
    func replacingNewlines() -> String {
        var out = ""
        var lastWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" { out.append("\n"); lastWasCR = true; continue }
            if scalar == "\n", lastWasCR { lastWasCR = false; continue }
            lastWasCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
