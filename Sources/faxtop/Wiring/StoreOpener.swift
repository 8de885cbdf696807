import FaxCore
import FaxStore
import Foundation

/// Opens the store `watch` asked for: SQLite at `--db` (or the default path), or memory.
struct StoreOpener {
    let store: any EventStore
    /// Short words for the header ("events.sqlite", "memory").
    let label: String
    private let sqlite: SQLiteEventStore?

    static func open(memory: Bool, path: String?, sink: @escaping DeliverySink) throws -> StoreOpener {
        if memory {
            return StoreOpener(store: InMemoryEventStore(sink: sink), label: "memory (not kept)", sqlite: nil)
        }
        let file = path ?? StoreLocation.defaultPath()
        do {
            let options = SQLiteEventStore.Options(onUpgrade: { notice in
                FileHandle.standardError.write(Data("faxtop: \(notice)\n".utf8))
            })
            let store = try SQLiteEventStore(path: file, options: options, sink: sink)
            return StoreOpener(store: store, label: Self.shortPath(file), sqlite: store)
        } catch {
            throw StoreOpenError(path: file, error: error)
        }
    }

    func startRetention(_ policy: RetentionPolicy, onError: @escaping @Sendable (StoreError) -> Void) -> Task<Void, Never>? {
        guard let sqlite, !policy.keepsEverything else { return nil }
        return sqlite.startRetention(policy, onError: onError)
    }

    /// While the store is failing, tries a write every `interval`, so the failure clears from the
    /// header and `/healthz` once the disk has room or the lock is gone, not only when the next
    /// webhook happens to arrive.
    func startHealthProbe(every interval: Duration = .seconds(2)) -> Task<Void, Never>? {
        guard let sqlite else { return nil }
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if !sqlite.health.isOK { await sqlite.checkHealth() }
            }
        }
    }

    func close() { sqlite?.close() }

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
    var description: String { "cannot open the event database \(path): \(error.message)" }
}
