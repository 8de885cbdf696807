#ifndef FAXTOP_WAL_BUFFER_H
#define FAXTOP_WAL_BUFFER_H

/// Registers (once) the "faxtop-wal-buffer" VFS over SQLite's default one and returns its name,
/// or NULL when it could not be registered. See WALBufferVFS.c for what it does and when it is safe.
const char *faxtop_wal_buffer_vfs_register(void);

/// Starts buffering the WAL writes of `connection` (a sqlite3 *) opened through that VFS, if its
/// `PRAGMA synchronous` is FULL or EXTRA, its WAL file is open and the device has powersafe
/// overwrite; sets `PRAGMA cache_spill = OFF` on it. Returns 1 when it did, else 0 (writes then keep
/// going straight through). Call it on the connection's own thread, after setting the level, and
/// change neither the level nor cache_spill afterwards.
int faxtop_wal_buffer_enable(void *connection);

/// 1 when `connection`'s WAL writes are being buffered (tests).
int faxtop_wal_buffer_is_enabled(void *connection);

/// The name of the VFS that `database` ("main") of `connection` was opened with (tests).
const char *faxtop_vfs_name_of(void *connection);

#endif
