#include "CSQLiteWALBuffer.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* A VFS that hands SQLite's WAL writes to the OS as one write per run of contiguous frames.

   SQLite writes each WAL frame as two write calls (a 24-byte header, then the page), so a commit of
   n pages cost 2n system calls; on this kind of machine they were a quarter of the writer's CPU.
   Writes to a WAL file are kept in memory while they extend the same run, and go out, in the order
   they were made, before anything else touches the file (sync, read, size, truncate, lock, file
   control, close), or when a write is not contiguous. The file therefore ends up with exactly the
   bytes it would have had; only the moment they reach the OS moves.

   No other connection may read a frame that is still in this buffer, and no buffered frame may
   reach the file after the write lock is released (another connection may have written there
   since). Both hold when every frame is written by a commit that then syncs the WAL before SQLite
   publishes it and releases the lock:
   - synchronous=FULL (or EXTRA): the commit syncs, which flushes here, before the frames are
     published. At NORMAL nothing syncs, and no rule about which write ends a commit is safe (a
     commit frame's header can be rewritten after its page, by walRewriteChecksums).
   - cache_spill=OFF: otherwise a transaction bigger than the page cache writes frames before its
     commit, and if it is rolled back they stay in the buffer, to be written later over whatever
     another connection put in the WAL meanwhile (two reviews found these two cases).
   - powersafe overwrite (the unix default): otherwise SQLite pads the last frame and syncs in the
     middle of the padding.
   So a WAL file opened through this VFS passes every write straight through until
   faxtop_wal_buffer_enable() is called on its connection, which checks the level and the device,
   and turns spilling off. GRDB's WAL set-up and the store's migrations run before that, straight
   through. Every other file (the database, its shared memory, journals) goes straight to the
   default VFS. */

typedef struct WalBufferFile {
  sqlite3_file base;
  sqlite3_file *real;
  unsigned char *bytes;
  sqlite3_int64 start;
  int length;
  int capacity;
  /* Set by faxtop_wal_buffer_enable once the connection syncs every commit; until then, writes go
     straight through. */
  int buffering;
} WalBufferFile;

static sqlite3_vfs *realVfs;
static sqlite3_vfs walBufferVfs;

#define REAL(f) (((WalBufferFile *)(f))->real)

/* The unix VFS writes at most 0x1ffff bytes per call (it masks larger amounts), so a run goes out
   in pieces below that. */
#define WAL_BUFFER_PIECE 0x1f000

static int flushRun(WalBufferFile *f) {
  int done = 0, rc = SQLITE_OK;
  while (done < f->length && rc == SQLITE_OK) {
    int piece = f->length - done < WAL_BUFFER_PIECE ? f->length - done : WAL_BUFFER_PIECE;
    rc = f->real->pMethods->xWrite(f->real, f->bytes + done, piece, f->start + done);
    done += piece;
  }
  f->length = 0;
  return rc;
}

static int wbClose(sqlite3_file *file) {
  WalBufferFile *f = (WalBufferFile *)file;
  int flushed = flushRun(f);
  int rc = f->real->pMethods->xClose(f->real);
  free(f->bytes);
  f->bytes = 0;
  return flushed != SQLITE_OK ? flushed : rc;
}

/* Flushing before another operation: a failure there is reported as the write error it is
   (SQLITE_IOERR_WRITE), never as that operation's own, so SQLite rolls the whole transaction back. */
static int flushBefore(WalBufferFile *f) {
  return flushRun(f) == SQLITE_OK ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

static int wbRead(sqlite3_file *file, void *out, int amount, sqlite3_int64 offset) {
  int rc = flushBefore((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xRead(REAL(file), out, amount, offset);
}

static int wbWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
  WalBufferFile *f = (WalBufferFile *)file;
  if (!f->buffering) return f->real->pMethods->xWrite(f->real, data, amount, offset);
  if (f->length > 0 && offset != f->start + f->length) {
    int rc = flushRun(f);
    if (rc != SQLITE_OK) return rc;
  }
  if (f->length + amount > f->capacity) {
    if (f->length + amount > (1 << 22)) {
      int rc = flushRun(f);
      if (rc != SQLITE_OK) return rc;
      if (amount > WAL_BUFFER_PIECE) return f->real->pMethods->xWrite(f->real, data, amount, offset);
    }
    int capacity = f->capacity ? f->capacity : 65536;
    while (capacity < f->length + amount) capacity *= 2;
    unsigned char *grown = realloc(f->bytes, capacity);
    if (!grown) {
      int rc = flushRun(f);
      return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, data, amount, offset);
    }
    f->bytes = grown;
    f->capacity = capacity;
  }
  if (f->length == 0) f->start = offset;
  memcpy(f->bytes + f->length, data, amount);
  f->length += amount;
  return SQLITE_OK;
}

static int wbTruncate(sqlite3_file *file, sqlite3_int64 size) {
  int rc = flushBefore((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xTruncate(REAL(file), size);
}
static int wbSync(sqlite3_file *file, int flags) {
  int rc = flushRun((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xSync(REAL(file), flags);
}
static int wbFileSize(sqlite3_file *file, sqlite3_int64 *size) {
  int rc = flushBefore((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xFileSize(REAL(file), size);
}
static int wbLock(sqlite3_file *file, int level) {
  int rc = flushBefore((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xLock(REAL(file), level);
}
static int wbUnlock(sqlite3_file *file, int level) {
  int rc = flushBefore((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xUnlock(REAL(file), level);
}
static int wbCheckReservedLock(sqlite3_file *file, int *out) {
  return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}
static int wbFileControl(sqlite3_file *file, int op, void *arg) {
  int rc = flushBefore((WalBufferFile *)file);
  return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xFileControl(REAL(file), op, arg);
}
static int wbSectorSize(sqlite3_file *file) { return REAL(file)->pMethods->xSectorSize(REAL(file)); }
static int wbDeviceCharacteristics(sqlite3_file *file) {
  return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}

/* Version 1 methods: a WAL file is never memory-mapped and has no shared memory of its own. */
static const sqlite3_io_methods walBufferMethods = {
  1, wbClose, wbRead, wbWrite, wbTruncate, wbSync, wbFileSize, wbLock, wbUnlock,
  wbCheckReservedLock, wbFileControl, wbSectorSize, wbDeviceCharacteristics,
  0, 0, 0, 0, 0, 0
};

static int wbOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags) {
  (void)vfs;
  if (!(flags & SQLITE_OPEN_WAL)) return realVfs->xOpen(realVfs, name, file, flags, outFlags);
  WalBufferFile *f = (WalBufferFile *)file;
  memset(f, 0, sizeof *f);
  f->real = (sqlite3_file *)&f[1];
  int rc = realVfs->xOpen(realVfs, name, f->real, flags, outFlags);
  if (rc != SQLITE_OK) {
    /* SQLite calls xClose only when pMethods is set; the real open cleaned up after itself. */
    f->base.pMethods = 0;
    return rc;
  }
  f->base.pMethods = &walBufferMethods;
  return SQLITE_OK;
}

static int wbDelete(sqlite3_vfs *v, const char *n, int s) { (void)v; return realVfs->xDelete(realVfs, n, s); }
static int wbAccess(sqlite3_vfs *v, const char *n, int f, int *o) { (void)v; return realVfs->xAccess(realVfs, n, f, o); }
static int wbFullPathname(sqlite3_vfs *v, const char *n, int c, char *o) { (void)v; return realVfs->xFullPathname(realVfs, n, c, o); }
static void *wbDlOpen(sqlite3_vfs *v, const char *n) { (void)v; return realVfs->xDlOpen(realVfs, n); }
static void wbDlError(sqlite3_vfs *v, int c, char *o) { (void)v; realVfs->xDlError(realVfs, c, o); }
static void (*wbDlSym(sqlite3_vfs *v, void *h, const char *s))(void) { (void)v; return realVfs->xDlSym(realVfs, h, s); }
static void wbDlClose(sqlite3_vfs *v, void *h) { (void)v; realVfs->xDlClose(realVfs, h); }
static int wbRandomness(sqlite3_vfs *v, int n, char *o) { (void)v; return realVfs->xRandomness(realVfs, n, o); }
static int wbSleep(sqlite3_vfs *v, int us) { (void)v; return realVfs->xSleep(realVfs, us); }
static int wbCurrentTime(sqlite3_vfs *v, double *o) { (void)v; return realVfs->xCurrentTime(realVfs, o); }
static int wbGetLastError(sqlite3_vfs *v, int n, char *o) { (void)v; return realVfs->xGetLastError(realVfs, n, o); }
static int wbCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *o) { (void)v; return realVfs->xCurrentTimeInt64(realVfs, o); }

static const char *registeredName;

static void registerOnce(void) {
  sqlite3_vfs *base = sqlite3_vfs_find(0);
  if (!base) return;
  walBufferVfs.iVersion = 2;
  walBufferVfs.szOsFile = (int)sizeof(WalBufferFile) + base->szOsFile;
  walBufferVfs.mxPathname = base->mxPathname;
  walBufferVfs.zName = "faxtop-wal-buffer";
  walBufferVfs.xOpen = wbOpen;
  walBufferVfs.xDelete = wbDelete;
  walBufferVfs.xAccess = wbAccess;
  walBufferVfs.xFullPathname = wbFullPathname;
  walBufferVfs.xDlOpen = wbDlOpen;
  walBufferVfs.xDlError = wbDlError;
  walBufferVfs.xDlSym = wbDlSym;
  walBufferVfs.xDlClose = wbDlClose;
  walBufferVfs.xRandomness = wbRandomness;
  walBufferVfs.xSleep = wbSleep;
  walBufferVfs.xCurrentTime = wbCurrentTime;
  walBufferVfs.xGetLastError = wbGetLastError;
  walBufferVfs.xCurrentTimeInt64 = base->xCurrentTimeInt64 ? wbCurrentTimeInt64 : 0;
  realVfs = base;
  if (sqlite3_vfs_register(&walBufferVfs, 0) == SQLITE_OK) registeredName = walBufferVfs.zName;
}

const char *faxtop_wal_buffer_vfs_register(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, registerOnce);
  return registeredName;
}

int faxtop_wal_buffer_enable(void *connection) {
  sqlite3 *db = connection;
  sqlite3_stmt *statement = 0;
  int level = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA synchronous", -1, &statement, 0) == SQLITE_OK
      && sqlite3_step(statement) == SQLITE_ROW) {
    level = sqlite3_column_int(statement, 0);
  }
  sqlite3_finalize(statement);
  if (level < 2) return 0; /* below FULL: frames are published without a sync */
  sqlite3_file *wal = 0;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK || !wal) return 0;
  if (wal->pMethods != &walBufferMethods) return 0;
  WalBufferFile *f = (WalBufferFile *)wal;
  /* SQLite decides whether to pad WAL frames from the database file's characteristics (a URI's
     psow=0 reaches that file, not the WAL), so that is the one to ask. */
  sqlite3_file *database = 0;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &database) != SQLITE_OK || !database
      || !database->pMethods
      || !(database->pMethods->xDeviceCharacteristics(database) & SQLITE_IOCAP_POWERSAFE_OVERWRITE)) return 0;
  if (sqlite3_exec(db, "PRAGMA cache_spill = OFF", 0, 0, 0) != SQLITE_OK) return 0;
  f->buffering = 1;
  return 1;
}

const char *faxtop_vfs_name_of(void *connection) {
  sqlite3_vfs *vfs = 0;
  if (sqlite3_file_control((sqlite3 *)connection, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK || !vfs) return 0;
  return vfs->zName;
}

int faxtop_wal_buffer_is_enabled(void *connection) {
  sqlite3_file *wal = 0;
  if (sqlite3_file_control((sqlite3 *)connection, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK || !wal) return 0;
  return wal->pMethods == &walBufferMethods && ((WalBufferFile *)wal)->buffering;
}
