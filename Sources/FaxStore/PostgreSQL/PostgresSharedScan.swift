import Foundation
import NIOCore
import PostgresNIO
import Synchronization

/// One read of the events for two history scans of the same range running at once.
///
/// The dashboard's start-up scans the events twice, on two threads (the feed's columns, and the parts
/// derived from them, whose columns are a subset). From SQLite each scan maps the same file; from
/// PostgreSQL each would make the server send, and this process decode, a million rows. The first scan
/// starts a fetcher thread that reads pages of the feed's columns; a second scan of the same range that
/// starts before the first page has been let go reads the same pages. A page is let go when every scan
/// reading it is done with it, and the fetcher stays at most two pages ahead, so memory stays bounded.
final class PostgresSharedScan: @unchecked Sendable {
    typealias FetchPage = @Sendable (_ afterSeq: Int64) -> EventLoopFuture<[PostgresRow]>

    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var pages: [Int: (rows: [PostgresRow], readersLeft: Int)] = [:]
    private var firstKept = 0
    private var fetched = 0
    private var finished = false
    private var failure: (any Error)?
    private var readers = 1
    private var acceptsAnotherReader = true

    /// Starts fetching on a thread of its own: `fetch(after)` asks for the page after seq `after`;
    /// `finished(failed)` is called once the fetcher has stopped and nothing of it is in flight.
    init(pageRows: Int, fetch: @escaping FetchPage, finished whenDone: @escaping @Sendable (_ failed: Bool) -> Void) {
        let thread = Thread { [self] in
            let failed = run(pageRows: pageRows, fetch: fetch)
            whenDone(failed)
        }
        thread.name = "faxtop-pg-history"
        thread.start()
    }

    /// Whether a second reader could still join.
    var isJoinable: Bool {
        condition.lock()
        defer { condition.unlock() }
        return acceptsAnotherReader
    }

    /// Joins as a second reader, if the first page is still kept.
    func join() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard acceptsAnotherReader else { return false }
        acceptsAnotherReader = false
        readers += 1
        for index in pages.keys { pages[index]?.readersLeft += 1 }
        return true
    }

    /// Hands every row to `body`, in order; throws the fetch's error or `body`'s.
    func read(_ body: (PostgresRow) throws -> Void) throws {
        var index = 0
        do {
            while true {
                condition.lock()
                while pages[index] == nil && failure == nil && !(finished && index >= fetched) {
                    condition.wait()
                }
                if let failure {
                    condition.unlock()
                    throw failure
                }
                guard let rows = pages[index]?.rows else {
                    condition.unlock()
                    break  // finished
                }
                condition.unlock()
                for row in rows { try body(row) }
                release(index)
                index += 1
            }
        } catch {
            leave(from: index)
            throw error
        }
        leave(from: index)
    }

    private func release(_ index: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard var page = pages[index] else { return }
        page.readersLeft -= 1
        if page.readersLeft > 0 {
            pages[index] = page
            return
        }
        pages[index] = nil
        if index == firstKept { firstKept += 1 }
        acceptsAnotherReader = false
        condition.broadcast()
    }

    /// A reader that stops (done, or failed): it no longer holds back pages from `index` on.
    private func leave(from index: Int) {
        // One look at `fetched` with the count going down: a page the fetcher adds after this is
        // stored for the readers that remain, and must not be released for this one as well.
        condition.lock()
        readers -= 1
        let through = fetched
        condition.unlock()
        for page in index..<max(index, through) { release(page) }
        condition.lock()
        acceptsAnotherReader = false
        condition.broadcast()
        condition.unlock()
    }

    /// Fetches until every page is read or every reader has gone; true when a fetch failed.
    private func run(pageRows: Int, fetch: @escaping FetchPage) -> Bool {
        var next = fetch(0)
        while true {
            let rows: [PostgresRow]
            do {
                rows = try next.wait()
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
                return true
            }
            let more = rows.count == pageRows
            if more, let tail = rows.last { next = fetch(PostgresCells(tail).int64(0)) }
            condition.lock()
            pages[fetched] = (rows, readers)
            fetched += 1
            finished = !more || readers == 0
            condition.broadcast()
            // At most two pages ahead of the slowest reader.
            while !finished && readers > 0 && fetched - firstKept >= 3 { condition.wait() }
            let stop = finished || readers == 0
            condition.unlock()
            if stop {
                // The prefetched page, so that the connection is idle again when it is handed back.
                if more, (try? next.wait()) == nil { return true }
                return false
            }
        }
    }
}
