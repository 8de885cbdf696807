import FaxCore
import FaxReceiver
import FaxStore
import Foundation

/// Opens the journal `watch` or `serve` asked for: SQLite at `--db` (or the default path), PostgreSQL
/// at a `postgres://` URL, or a temporary SQLite journal for `--memory`. Everything after opening goes
/// through the ``EventStore`` interface.
struct StoreOpener {
    let store: any EventStore
    /// Short words for the header ("events.sqlite", "memory").
    let label: String

    static func open(memory: Bool, journal: JournalChoice, mode: mode_t? = nil, metrics: ReceiverMetrics? = nil,
                     sink: @escaping DeliverySink) throws -> StoreOpener {
        var onCommit: (@Sendable (Int, Duration) -> Void)?
        if let metrics {
            onCommit = { deliveries, took in metrics.committed(deliveries: deliveries, duration: took) }
        }
        if memory {
            do {
                return StoreOpener(store: try SQLiteEventStore.temporary(sink: sink, onCommit: onCommit), label: "memory (not kept)")
            } catch {
                throw StoreOpenError(path: "(temporary)", error: error)
            }
        }
        let file: String
        switch journal {
        case .postgres(let url):
            do {
                var options = PostgresEventStore.Options()
                options.onCommit = onCommit
                return StoreOpener(store: try PostgresEventStore(url: url, options: options, sink: sink), label: journal.label)
            } catch {
                throw StoreOpenError(path: journal.name, error: error)
            }
        case .sqlite(let path):
            file = path
        }
        do {
            var options = SQLiteEventStore.Options(onUpgrade: { notice in
                FileHandle.standardError.write(Data("faxtop: \(notice)\n".utf8))
            })
            options.fileMode = mode
            options.onCommit = onCommit
            let store = try SQLiteEventStore(path: file, options: options, sink: sink)
            return StoreOpener(store: store, label: Self.shortPath(file))
        } catch {
            throw StoreOpenError(path: file, error: error)
        }
    }

    /// `~/…/events.sqlite` rather than the full home path; long paths keep their file name.
    static func shortPath(_ path: String) -> String {
        let home = NSHomeDirectory()
        let short = path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
        return short.count > 40 ? "…/" + (short.split(separator: "/").last.map(String.init) ?? short) : short
    }
}

/// The store could not be opened: say which file and why (in use by another faxtop, not a database…).
struct StoreOpenError: Error, CustomStringConvertible {
    let path: String
    let error: StoreError
    var description: String {
        // PostgreSQL's messages name the database already.
        error.message.contains(path) ? "cannot open the event database: \(error.message)"
            : "cannot open the event database \(path): \(error.message)"
    }
}
