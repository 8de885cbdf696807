import GRDB

extension StoreError {
    /// The store's view of a failure from SQLite, so the receiver can answer 503 and the UI say why.
    init(sqlite error: any Error, doing action: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self.init(.unavailable, "\(action): \(error)")
            return
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_FULL:
            self.init(.diskFull, "\(action): disk full (\(detail))")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            self.init(.readOnly, "\(action): database is read-only (\(detail))")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self.init(.locked, "\(action): database is locked by another process (\(detail))")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
            self.init(.corrupt, "\(action): database is damaged (\(detail))")
        default:
            self.init(.unavailable, "\(action): \(detail)")
        }
    }

    /// Whether the writer's connection should be thrown away and opened again before the next
    /// try: a connection opened on a read-only file stays read-only, an I/O error may have left it
    /// unusable. Disk full and busy clear up on the same connection.
    var needsReopen: Bool {
        switch kind {
        case .diskFull, .locked: return false
        case .readOnly, .unavailable, .corrupt: return true
        }
    }
}
