#ifndef FAXTOP_WAL_BUFFER_H
#define FAXTOP_WAL_BUFFER_H

/// Registers (once) the "faxtop-wal-buffer" VFS over SQLite's default one and returns its name,
/// or NULL when it could not be registered. See WALBufferVFS.c for what it does and when it is safe.
const char *faxtop_wal_buffer_vfs_register(void);

/// The name of the VFS that `database` ("main") of `connection` was opened with (tests).
const char *faxtop_vfs_name_of(void *connection);

#endif
