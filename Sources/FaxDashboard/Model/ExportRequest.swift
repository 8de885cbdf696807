import FaxCore

/// What `:export` asked for: the rows of a filter, to a file, in a format. The loop runs it (it needs
/// the store), on a thread of its own.
public struct ExportRequest: Sendable, Equatable {
    public var path: String
    public var format: PromptCommand.ExportFormat
    public var overwrite: Bool
    public var filter: Filter

    public static func == (a: ExportRequest, b: ExportRequest) -> Bool {
        a.path == b.path && a.format == b.format && a.overwrite == b.overwrite && a.filter.query == b.filter.query
    }
}
