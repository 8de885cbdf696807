import Foundation

/// Another process (the `sqlite3` shell) holding a database's write lock, for tests of a store that
/// finds its file locked. The lock is held until the test says so, not for a fixed time, which a busy
/// machine could outlast.
public final class SQLiteWriteLock: @unchecked Sendable {
    /// The shell; wait for it after ``release()``.
    public let process: ChildProcess
    private let held: String
    private let released: String

    /// Starts the shell, which takes the lock soon after: wait for it with ``waitUntilHeld(timeout:)``
    /// or, in an async test, ``held(within:)``. `folder` gets the two signal files;
    /// `ending` is how the shell ends its transaction (`ROLLBACK` or `COMMIT`).
    public init(database: String, folder: String, ending: String = "ROLLBACK") throws {
        held = folder + "/locked"
        released = folder + "/release"
        process = try ChildProcess("/usr/bin/sqlite3", [database], stdin: .pipe)
        try process.writeInput("BEGIN IMMEDIATE;\nINSERT INTO store_meta VALUES ('x', 1);\n.shell touch \(held)\n"
            + ".shell while [ ! -e \(released) ]; do sleep 0.02; done\n\(ending);\n.quit\n")
    }

    public var isHeld: Bool { FileManager.default.fileExists(atPath: held) }

    /// Blocks until the shell holds the lock; throws if it does not within `timeout` seconds (a shell
    /// that failed to start or to lock). For code running on a thread of its own (`onOwnThread`).
    public func waitUntilHeld(timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !isHeld {
            guard Date() < deadline else { throw ChildProcess.Failure("sqlite3 did not take the write lock within \(timeout) s") }
            usleep(10_000)
        }
    }

    /// ``waitUntilHeld(timeout:)`` for async tests: sleeps with `Task.sleep`, holding no thread.
    public func held(within timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !isHeld {
            guard Date() < deadline else { throw ChildProcess.Failure("sqlite3 did not take the write lock within \(timeout) s") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Tells the shell to end its transaction and quit; false if the signal file could not be made.
    public func release() -> Bool {
        FileManager.default.createFile(atPath: released, contents: nil)
    }
}
