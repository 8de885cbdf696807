/// Why a webhook body was refused, in words the sender can act on.
public struct PayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not JSON, not UTF-8, empty or truncated: HTTP 400.
        case malformed
        /// Well-formed JSON, but a required field is missing or has the wrong type: HTTP 422.
        case invalid
    }

    public var kind: Kind
    public var message: String
    /// The field path the problem is at, such as `data.pages`.
    public var field: String?

    public init(kind: Kind, message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var httpStatus: Int { kind == .malformed ? 400 : 422 }

    /// `data.pages: expected a number, got a string`.
    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
