import FaxCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The durable ``EventStore``: a SQLite journal (WAL mode) written by one group-commit writer and
/// read through a pool of reader connections, so reads never wait on the writer.
///
/// `append` returns only after the transaction holding the delivery has committed with the chosen
/// ``Options/synchronous`` level (``Synchronous/full`` by default: durable across power loss).
/// A failed write throws ``StoreError`` (the receiver answers 503), sets ``health`` to `.failing`,
/// and the next append tries again, so the store recovers by itself when the condition clears.
///
/// One faxtop writes a database at a time: a writable store holds an exclusive lock on
/// `<path>.lock`, and a second one fails to open with ``StoreError/Kind/locked`` and the holder's pid.
/// A ``Options/readOnly`` store (export) takes no lock and can read while faxtop runs.
public final class SQLiteEventStore: EventStore {
    /// The `PRAGMA synchronous` level of the writer's connection.
    public enum Synchronous: String, Sendable {
        /// fsync the WAL at every commit: a committed (acknowledged) delivery survives power loss.
        case full = "FULL"
        /// No fsync at commit: survives a crash of faxtop, but the last commits may be lost on
        /// power loss or an OS crash.
        case normal = "NORMAL"
        /// No fsync at all: for a journal nobody keeps (`--memory`).
        case off = "OFF"
    }

    public struct Options: Sendable {
        public var synchronous: Synchronous
        /// How long a write waits for a lock held by another process before failing as `.locked`.
        public var busyTimeout: TimeInterval
        /// Open for reading only (export): no writer, no lock, appends fail with `.readOnly`.
        public var readOnly: Bool
        /// A folder of the store's own that `close()` removes with everything in it (``temporary(sink:)``).
        public var removeOnClose: String?
        /// Read-only: the file may be opened as an immutable snapshot when its folder is read-only and
        /// nothing writes it (export of a backup); a follower, which must see later writes, says false.
        public var readsAsSnapshot = true
        /// Told of each group commit: how many deliveries it held and how long writing and committing took.
        public var onCommit: (@Sendable (_ deliveries: Int, _ took: Duration) -> Void)?
        /// The journal files' permissions (`--db-mode`, e.g. 0o640 so that an operators' group can
        /// attach); nil: 0600 for files created, existing files as they are.
        public var fileMode: mode_t?

        /// Told, before it starts, about a slow one-time upgrade of an older store's layout.
        public var onUpgrade: @Sendable (String) -> Void

        public init(
            synchronous: Synchronous = .full, busyTimeout: TimeInterval = 1, readOnly: Bool = false,
            onUpgrade: @escaping @Sendable (String) -> Void = { _ in }
        ) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.readOnly = readOnly
            self.onUpgrade = onUpgrade
            removeOnClose = nil
            fileMode = nil
            onCommit = nil
        }
    }

    public let path: String
    public let options: Options
    private let pool: DatabasePool
    private let writer: GroupCommitWriter?
    private let lock: Mutex<StoreLock?>

    /// Opens (creating if needed) the journal at `path`, which defaults to ``StoreLocation/defaultPath(environment:)``.
    ///
    /// Throws when the file cannot be read at all, is not a faxtop database, or is in use by another
    /// faxtop. A file that can be read but not written (read-only file, full disk) opens anyway:
    /// history is shown, appends fail with `StoreError` until the condition clears.
    public init(
        path: String = StoreLocation.defaultPath(), options: Options = Options(),
        sink: @escaping DeliverySink = { _ in }
    ) throws(StoreError) {
        let path = Self.absolute(path)
        self.path = path
        self.options = options
        if options.readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError(.unavailable, "no database at \(path)")
            }
            lock = Mutex(nil)
            writer = nil
            pool = try Self.openForReadingOnly(path: path, options: options)
        } else {
            try StoreLocation.prepare(path: path, mode: options.fileMode)
            let storeLock = try StoreLock(databasePath: path, mode: options.fileMode)
            let fileWatch = DatabaseFileWatch(path: path, identity: storeLock.databaseIdentity)
            lock = Mutex(storeLock)
            let signal = CommitSignal(lockPath: storeLock.path)
            let report = options.onCommit
            let onCommit: @Sendable (Int, Duration) -> Void = { deliveries, took in
                signal.committed()
                report?(deliveries, took)
            }
            let writer = GroupCommitWriter(sink: sink, onCommit: onCommit, fileWatch: fileWatch) { [path, options] in
                try Self.openWriterConnection(path: path, options: options)
            }
            let writerFailure = writer.start()
            self.writer = writer
            do {
                pool = try Self.openPool(path: path, options: options)
                guard try pool.read({ try $0.tableExists("events") }) else {
                    throw writerFailure ?? StoreError(.corrupt, "\(path) is not a faxtop database")
                }
                if writerFailure != nil {
                    let (last, totals) = try pool.read { db in (try Schema.lastSeq(db), try GroupCommitWriter.countTotals(db)) }
                    writer.seed(lastSeq: last, totals: totals)
                }
            } catch {
                throw StoreError(sqlite: writerFailure ?? error, doing: "opening \(path)")
            }
        }
    }

    /// Stops writing: waits for appends already queued, closes the connections and releases the lock.
    ///
    /// The readers close first, so the writer's connection is the file's last one: SQLite then copies
    /// the WAL into the database file and removes it. Otherwise the newest events stayed in
    /// `events.sqlite-wal` after a clean exit, and a copy of `events.sqlite` alone (a backup) lacked them.
    public func close() {
        try? pool.close()
        writer?.close()
        lock.withLock { $0 = nil }
        if let folder = options.removeOnClose { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// A journal nobody keeps (`--memory`, tests): a SQLite store in a new private folder under the
    /// temporary directory, written without fsync, removed by ``close()``. The same store as the
    /// durable one, so `--memory` keeps every promise but durability (a kill -9 leaves the folder).
    public static func temporary(
        sink: @escaping DeliverySink = { _ in }, onCommit: (@Sendable (Int, Duration) -> Void)? = nil
    ) throws(StoreError) -> SQLiteEventStore {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/faxtop-memory.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw StoreError(.unavailable, "cannot create a temporary folder in \(base): \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        var options = Options(synchronous: .off)
        options.removeOnClose = folder
        options.onCommit = onCommit
        do {
            return try SQLiteEventStore(path: folder + "/events.sqlite", options: options, sink: sink)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    // MARK: - Following

    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> any JournalWatch {
        FileChangeWatch(file: path + ".lock", onChange: onChange) ?? NoWatch()
    }

    /// Without inotify a follower still finds new deliveries at its periodic look (once a second).
    private struct NoWatch: JournalWatch {
        var isWatching: Bool { false }
        func cancel() {}
    }

    /// The database file and its write-ahead log.
    public var fileBytes: Int64 {
        ["", "-wal"].reduce(0) { total, suffix in
            var info = stat()
            return total + (stat(path + suffix, &info) == 0 ? Int64(info.st_size) : 0)
        }
    }

    public func announce(_ receiver: ReceiverPresence) {
        lock.withLock { $0?.announce(receiver) }
    }

    public func receiverPresence() -> ReceiverPresence? {
        StoreLock.holder(databasePath: path)
    }

    /// The receiver writing the journal at `path`, without opening it.
    public static func receiverPresence(atPath path: String) -> ReceiverPresence? {
        StoreLock.holder(databasePath: absolute(path))
    }

    // MARK: - Writing

    public func append(_ event: FaxEvent, receivedAt: Int64, remote: String) async throws(StoreError) -> AppendOutcome {
        switch try await submit(.event(event, receivedAt: receivedAt, remote: remote)) {
        case .event(let outcome): return outcome
        case .rejection: preconditionFailure("the writer answered an event with a rejection outcome")
        }
    }

    public func append(_ rejection: Rejection) async throws(StoreError) -> Int64 {
        switch try await submit(.rejection(rejection)) {
        case .rejection(let seq): return seq
        case .event: preconditionFailure("the writer answered a rejection with an event outcome")
        }
    }

    private func submit(_ item: GroupCommitWriter.Item) async throws(StoreError) -> GroupCommitWriter.Outcome {
        guard let writer else { throw StoreError(.readOnly, "\(path) was opened read-only") }
        return try await writer.submit(item).get()
    }

    public var health: StoreHealth {
        writer?.published.withLock { $0.health } ?? .ok
    }

    /// Tries a write now (rolled back) and returns the resulting ``health``. While the store is
    /// failing, the UI can call this every few seconds so the condition clears from the screen
    /// even when no deliveries arrive to retry it.
    @discardableResult
    public func checkHealth() async -> StoreHealth {
        guard let writer else { return .ok }
        return await writer.probe()
    }

    // MARK: - Reading

    public func deliveries(in range: ClosedRange<Int64>) throws(StoreError) -> [Delivery] {
        try read("reading deliveries") { db in
            try JournalReads.deliveries(range.lowerBound, range.upperBound, rawBodies: true, db)
        }
    }

    public func forEachDelivery(from seq: Int64, batchSize: Int, _ body: ([Delivery]) throws -> Void) throws {
        try forEachDelivery(from: seq, batchSize: batchSize, rawBodies: true, body)
    }

    /// Streams history in windows of `batchSize` sequence numbers, each read in its own short read
    /// transaction, so memory stays bounded by two batches however large the store is: while `body`
    /// works on one window, the next is read on another thread (start-up loads overlap reading
    /// and building the model).
    public func forEachDelivery(
        from seq: Int64, batchSize: Int, rawBodies: Bool, _ body: ([Delivery]) throws -> Void
    ) throws {
        let span = Int64(max(1, batchSize))
        let (first, last) = try read("reading history") { db in
            (try JournalReads.firstSeq(db), try Schema.lastSeq(db))
        }
        guard let first else { return }
        let start = max(seq, first)
        guard start <= last else { return }
        let prefetch = Prefetch()
        func window(_ low: Int64) -> (Int64, Int64) { (low, min(last, low + span - 1)) }
        let readWindow: @Sendable (Int64, Int64) throws(StoreError) -> [Delivery] = { [self] low, high throws(StoreError) in
            try read("reading history") { db in try JournalReads.deliveries(low, high, rawBodies: rawBodies, db) }
        }
        prefetch.start(window(start), readWindow)
        while let (high, batch) = try prefetch.take() {
            if high < last {
                prefetch.start(window(high + 1), readWindow)
            }
            if !batch.isEmpty { try body(batch) }
            if high >= last { break }
        }
    }

    public func newDeliveries(after seq: Int64, limit: Int) throws(StoreError) -> (deliveries: [Delivery], last: Int64) {
        try read("reading new deliveries") { db in
            let last = try Schema.lastSeq(db)
            guard last > seq else { return ([], last) }
            // Retention may have pruned past `seq`: start at the first delivery still kept.
            let low = max(seq + 1, try JournalReads.firstSeq(db) ?? seq + 1)
            guard low <= last else { return ([], last) }
            let high = min(last, low + Int64(max(1, limit)) - 1)
            return (try JournalReads.deliveries(low, high, rawBodies: false, db), last)
        }
    }

    public func rawBody(seq: Int64) throws(StoreError) -> [UInt8]? {
        try read("reading a body") { db in try JournalReads.rawBody(seq: seq, db) }
    }

    public func totals() throws(StoreError) -> StoreTotals {
        if let writer { return writer.published.withLock { $0.totals } }
        return try read("counting") { db in try GroupCommitWriter.countTotals(db) }
    }

    public func lastSeq() throws(StoreError) -> Int64 {
        if let writer { return writer.published.withLock { $0.lastSeq } }
        return try read("reading the last sequence number") { db in try Schema.lastSeq(db) }
    }

    /// Runs `work` in a read transaction on one of the pool's reader connections.
    func read<T>(_ action: String, _ work: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(work)
        } catch {
            throw StoreError(sqlite: error, doing: action)
        }
    }

    /// Runs `work` on the writer's connection between batches.
    func write<T: Sendable>(_ action: String, _ work: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        guard let writer else { throw StoreError(.readOnly, "\(path) was opened read-only") }
        return try await writer.perform(action, work)
    }

    var groupWriter: GroupCommitWriter? { writer }

    // MARK: - Opening

    /// `path` made absolute: this SQLite reads a plain name starting with `file:` as a URI, so a
    /// relative `file:events.sqlite` would name another file (or none).
    static func absolute(_ path: String, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        path.hasPrefix("/") ? path : currentDirectory + "/" + path
    }

    private static func openWriterConnection(path: String, options: Options) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.label = "faxtop.writer"
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(options.busyTimeout)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        // GRDB's WAL set-up chooses NORMAL; the durability contract is ours to choose.
        try connection.inDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(options.synchronous.rawValue)")
            // After a burst the WAL is cut back to this size at checkpoints rather than kept at its peak.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        if let notice = try connection.inDatabase({ db in try Schema.upgradeNotice(db) }) {
            options.onUpgrade(notice)
        }
        try Schema.migrator.migrate(connection)
        // SQLite opens a write-protected file read-only without a word; find out now, so `health`
        // says so from the start instead of at the first append.
        try connection.inDatabase { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "UPDATE store_meta SET value = value WHERE key = 'last_seq'")
                return .rollback
            }
        }
        return connection
    }

    /// Bytes of the file reader connections map into memory (address space, not resident memory).
    static let readerMapSize = 1 << 30

    /// The reader connections. Read-only: opening read-write would let GRDB switch a file that is not
    /// faxtop's to WAL, or write its set-up transaction into a live store at every `export`.
    private static func openPool(path: String, options: Options, immutable: Bool = false) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        configuration.label = "faxtop.reader"
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.readonly = true
        configuration.prepareDatabase { db in
            // Reading history at start-up scans the whole file: mapping it saves a copy of every page.
            try db.execute(sql: "PRAGMA mmap_size = \(Self.readerMapSize)")
        }
        let name = immutable ? "file:\(SQLiteURI.path(path))?immutable=1" : path
        do {
            return try DatabasePool(path: name, configuration: configuration)
        } catch {
            throw StoreError(sqlite: error, doing: "opening \(path) for reading")
        }
    }

    /// Readers for `export`, on a file checked to be faxtop's.
    ///
    /// A store faxtop closed cleanly has no `-wal` or `-shm` beside it, and a read-only connection
    /// must create the `-shm` to read a WAL database: in a read-only folder (a backup on read-only
    /// media) that fails. With no `-wal` there is nothing but the file to read, and nobody can be
    /// writing it (a writer needs those files), so it is opened as immutable instead.
    private static func openForReadingOnly(path: String, options: Options) throws(StoreError) -> DatabasePool {
        func open(immutable: Bool) throws(StoreError) -> DatabasePool {
            let pool = try openPool(path: path, options: options, immutable: immutable)
            let isFaxtopStore: Bool
            do {
                isFaxtopStore = try pool.read { db in
                    try db.tableExists("events") && db.tableExists("duplicates") && db.tableExists("rejections")
                }
            } catch {
                throw StoreError(sqlite: error, doing: "reading \(path)")
            }
            guard isFaxtopStore else { throw StoreError(.corrupt, "\(path) is not a faxtop database") }
            return pool
        }
        do {
            return try open(immutable: false)
        } catch where error.kind == .readOnly || error.kind == .unavailable {
            guard sqlite3_compileoption_used("USE_URI") == 1 else { throw error }
            guard hasNothingBesideIt(path) else {
                throw StoreError(error.kind, error.message + " (it has a -wal file beside it, so its folder must be writable to read it)")
            }
            // Immutable means nobody will write it: right for a backup, wrong for a journal to follow.
            guard options.readsAsSnapshot else {
                throw StoreError(error.kind, error.message + " (no receiver has it open, and this user cannot create the "
                                 + "shared-memory file beside it: attach while serve runs)")
            }
            return try open(immutable: true)
        }
    }

    /// Whether the database at `path` has no WAL to read with it: no `-wal`, or an empty one without a
    /// `-shm` (a writer keeps a `-shm` while it runs). Looked for beside the file itself, which is where
    /// SQLite looks when `path` is a symbolic link.
    static func hasNothingBesideIt(_ path: String) -> Bool {
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let manager = FileManager.default
        guard let size = (try? manager.attributesOfItem(atPath: file + "-wal"))?[.size] as? Int else {
            return !manager.fileExists(atPath: file + "-wal")
        }
        return size == 0 && !manager.fileExists(atPath: file + "-shm")
    }
}

/// One read running ahead on a utility thread, for ``SQLiteEventStore/forEachDelivery(from:batchSize:rawBodies:_:)``.
private final class Prefetch: @unchecked Sendable {
    // Written by the read before `done` is signalled, read by `take` after waiting on it.
    private var result: Result<(Int64, [Delivery]), StoreError>?
    private let done = DispatchSemaphore(value: 0)
    private var running = false
    private static let queue = DispatchQueue(label: "faxtop.store.prefetch", qos: .userInitiated, attributes: .concurrent)

    func start(_ window: (Int64, Int64), _ read: @escaping @Sendable (Int64, Int64) throws(StoreError) -> [Delivery]) {
        running = true
        Self.queue.async {
            do throws(StoreError) {
                self.result = .success((window.1, try read(window.0, window.1)))
            } catch {
                self.result = .failure(error)
            }
            self.done.signal()
        }
    }

    /// The window started last (its upper seq and deliveries), or nil if none is running.
    func take() throws(StoreError) -> (Int64, [Delivery])? {
        guard running else { return nil }
        done.wait()
        running = false
        defer { result = nil }
        return try result?.get()
    }

    deinit {
        // A read still running (body threw) must finish before its result slot goes away.
        if running { done.wait() }
    }
}
