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
        let rightLeaves = Self.leaves(of: right)
        var fields = leftLeaves.map { Field(path: $0.path, left: $0.text, right: nil) }
        var position: [String: Int] = [:]
        for (index, field) in fields.enumerated() where position[field.path] == nil { position[field.path] = index }
        var insertAt = 0
        for leaf in rightLeaves {
            if let index = position[leaf.path] {
                if fields[index].right == nil { fields[index].right = leaf.text }
                insertAt = index + 1
            } else {
                fields.insert(Field(path: leaf.path, left: nil, right: leaf.text), at: insertAt)
                for (path, index) in position where index >= insertAt { position[path] = index + 1 }
                position[leaf.path] = insertAt
                insertAt += 1
            }
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
