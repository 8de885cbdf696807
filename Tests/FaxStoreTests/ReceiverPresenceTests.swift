import FaxCore
import Foundation
import Testing
@testable import FaxStore

/// Who writes a journal, as followers learn it: from the lock file and the kernel's lock table.
@Suite struct ReceiverPresenceTests {
    @Test func theWriterIsFoundWhileItHoldsTheLockAndGoneAfter() async throws {
        let directory = TempDirectory()
        // A busy machine's lock table runs past 4 KiB; the holder must be found anywhere in it.
        var others: [Int32] = []
        defer { others.forEach { close($0) } }
        for i in 0..<200 {
            let fd = open(directory.path + "/other\(i)", O_RDWR | O_CREAT, 0o600)
            flock(fd, LOCK_SH)
            others.append(fd)
        }
        let store = try SQLiteEventStore(path: directory.databasePath)
        #expect(StoreLock.holder(databasePath: directory.databasePath)?.pid == getpid())
        let announced = ReceiverPresence(pid: getpid(), url: "http://127.0.0.1:8080/webhook/de…6c", startedAt: 1_764_756_000_000, mode: "serve")
        store.announce(announced)
        #expect(StoreLock.holder(databasePath: directory.databasePath) == announced)
        #expect(store.receiverPresence() == announced)
        store.close()
        #expect(StoreLock.holder(databasePath: directory.databasePath) == nil, "nobody holds it after close")
    }

    @Test func lockTableLinesAreReadByPidAndInode() {
        let table = """
            1: POSIX  ADVISORY  READ 77 00:2e:4242 128 128
            2: FLOCK  ADVISORY  WRITE 4242 00:2e:1310722 0 EOF
            2: -> FLOCK  ADVISORY  WRITE 999 00:2e:1310722 0 EOF
            3: FLOCK  ADVISORY  WRITE 5151 08:01:1310722 0 EOF
            """
        #expect(LockTable.holds(pid: 4242, inode: 1_310_722, table: table))
        #expect(LockTable.holds(pid: 5151, inode: 1_310_722, table: table), "whatever the device (btrfs, overlayfs)")
        #expect(!LockTable.holds(pid: 999, inode: 1_310_722, table: table), "a blocked waiter is not a holder")
        #expect(!LockTable.holds(pid: 77, inode: 4242, table: table), "a POSIX read lock is not a holder")
        #expect(!LockTable.holds(pid: 4242, inode: 7, table: table))
    }
}
