/// Two JSON documents compared field by field: every leaf value by its path (`hook.id`,
/// `data.items[2]`), with the value on each side as JSON text. What the diff of two attempts of a fax
/// shows: which fields changed between them (status, `hook.id`, `event_time`, pages, cost…).
public struct JSONDiff: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case same
        case changed
        /// Only in the left (older) document.
        case removed
        /// Only in the right (newer) document.
        case added
    }

    public struct Field: Sendable, Equatable {
        public var path: String
        public var left: String?
        public var right: String?

        public init(path: String, left: String?, right: String?) {
            self.path = path
            self.left = left
            self.right = right
        }

        public var change: Change {
            switch (left, right) {
            case let (l?, r?): l == r ? .same : .changed
            case (_?, nil): .removed
            default: .added
            }
        }
    }

    /// The fields of both documents, in the left document's order, each field only in the right one
    /// placed after the field that precedes it there.
    public let fields: [Field]

    public init(_ left: JSONValue, _ right: JSONValue) {
        let leftLeaves = Self.leaves(of: left)
        var position: [String: Int] = [:]
        for (index, leaf) in leftLeaves.enumerated() where position[leaf.path] == nil { position[leaf.path] = index }
        var rightText = [String?](repeating: nil, count: leftLeaves.count)
        // Fields only in the right document, by the left field they follow (-1: before the first). Linear
        // in the number of fields, however many there are: a payload may carry thousands.
        var inserted: [Int: [(path: String, text: String)]] = [:]
        var anchor = -1
        for leaf in Self.leaves(of: right) {
            if let index = position[leaf.path] {
                if rightText[index] == nil { rightText[index] = leaf.text }
                anchor = index
            } else {
                inserted[anchor, default: []].append(leaf)
            }
        }
        var fields: [Field] = []
        fields.reserveCapacity(leftLeaves.count + inserted.values.reduce(0) { $0 + $1.count })
        for leaf in inserted[-1] ?? [] { fields.append(Field(path: leaf.path, left: nil, right: leaf.text)) }
        for (index, leaf) in leftLeaves.enumerated() {
            fields.append(Field(path: leaf.path, left: leaf.text, right: rightText[index]))
            for leaf in inserted[index] ?? [] { fields.append(Field(path: leaf.path, left: nil, right: leaf.text)) }
        }
        self.fields = fields
    }

    /// The fields that differ between the two documents.
    public var differences: [Field] { fields.filter { $0.change != .same } }

    /// Every leaf (a scalar, an empty object or array) with its path, in document order.
    static func leaves(of value: JSONValue, path: String = "") -> [(path: String, text: String)] {
        switch value {
        case .object(let members) where !members.isEmpty:
            return members.flatMap { leaves(of: $0.value, path: path.isEmpty ? $0.key : path + "." + $0.key) }
        case .array(let elements) where !elements.isEmpty:
            return elements.enumerated().flatMap { leaves(of: $0.element, path: "\(path)[\($0.offset)]") }
        case .object: return [(path, "{}")]
        case .array: return [(path, "[]")]
        case .string(let text): return [(path, JSONText.quote(text))]
        case .number(_, let literal): return [(path, literal)]
        case .bool(let flag): return [(path, flag ? "true" : "false")]
        case .null: return [(path, "null")]
        }
    }
}
