/* A model of faxtop's store writer in C, for measuring SQLite-level choices without the receiver:
   the events table as faxtop declares it, batches of B events in BEGIN IMMEDIATE ... COMMIT, the
   store_meta updates, WAL mode. Prints wall time and CPU time (getrusage) per event.

     cc -O2 -o writer-model scripts/writer-model.c -lsqlite3 -lpthread
     ./writer-model model.sqlite VARIANT FULL(0|1) EVENTS BATCH
     ACP=N ./writer-model ...      # PRAGMA wal_autocheckpoint = N

   VARIANT bits: 1 = INSERT ... ON CONFLICT DO NOTHING instead of SELECT then INSERT;
   2 = the v2 key (UNIQUE (data_id, hook_event, hook_id), no separate data_id index) instead of v1's;
   4 = random ids instead of the benchmark's sequential ones; 8 = no store_meta updates.
   The file at the given path (and its -wal, -shm) is deleted first. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
static double cpu(){struct rusage u;getrusage(RUSAGE_SELF,&u);return u.ru_utime.tv_sec*1e6+u.ru_utime.tv_usec+u.ru_stime.tv_sec*1e6+u.ru_stime.tv_usec;}
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e6+t.tv_nsec/1e3;}
#define X(s) do{ int rc_=(s); if(rc_!=SQLITE_OK && rc_!=SQLITE_DONE && rc_!=SQLITE_ROW){fprintf(stderr,"err %s ext %d errno %d line %d seq %ld\n",sqlite3_errmsg(db),sqlite3_extended_errcode(db),sqlite3_system_errno(db),__LINE__,(long)seq);exit(1);} }while(0)
static long seq=0;
int main(int argc,char**argv){
  const char*path=argv[1]; int variant=atoi(argv[2]); int full=atoi(argv[3]); int N=atoi(argv[4]); int B=atoi(argv[5]);
  sqlite3*db; unlink(path); {char p2[300]; snprintf(p2,300,"%s-wal",path); unlink(p2); snprintf(p2,300,"%s-shm",path); unlink(p2);} X(sqlite3_open_v2(path,&db,SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE,0));
  sqlite3_exec(db,"PRAGMA journal_mode=WAL",0,0,0);
  if(getenv("ACP")){char q[100]; snprintf(q,100,"PRAGMA wal_autocheckpoint=%s",getenv("ACP")); sqlite3_exec(db,q,0,0,0);}
  sqlite3_exec(db, full?"PRAGMA synchronous=FULL":"PRAGMA synchronous=NORMAL",0,0,0);
  const char*tbl="CREATE TABLE events (seq INTEGER PRIMARY KEY, hook_event TEXT NOT NULL, hook_id TEXT NOT NULL, data_id TEXT NOT NULL, event_time TEXT, target TEXT, uid TEXT, pages INTEGER, from_number TEXT, to_number TEXT, start_time TEXT, file TEXT, file_name TEXT, cost REAL, status TEXT, raw BLOB NOT NULL, received_at INTEGER NOT NULL, remote TEXT NOT NULL, delivery_count INTEGER NOT NULL DEFAULT 1, last_delivery_at INTEGER NOT NULL, attempt INTEGER NOT NULL, %s);"
    "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO store_meta VALUES ('last_seq',0),('a',0),('b',0),('c',0),('d',0);";
  char sql[4000]; snprintf(sql,sizeof sql,tbl,(variant&2)?"UNIQUE (data_id, hook_event, hook_id)":"UNIQUE (hook_event, hook_id, data_id)");
  X(sqlite3_exec(db,sql,0,0,0));
  if(!(variant&2)) X(sqlite3_exec(db,"CREATE INDEX events_data_id ON events (data_id)",0,0,0));
  sqlite3_stmt*find,*ins,*meta,*begin,*commit;
  X(sqlite3_prepare_v2(db,"SELECT seq FROM events WHERE hook_event = ? AND hook_id = ? AND data_id = ?",-1,&find,0));
  X(sqlite3_prepare_v2(db,(variant&1)?
    "INSERT INTO events (seq, hook_event, hook_id, data_id, event_time, target, uid, pages, from_number, to_number, start_time, file, file_name, cost, status, raw, received_at, remote, delivery_count, last_delivery_at, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING":
    "INSERT INTO events (seq, hook_event, hook_id, data_id, event_time, target, uid, pages, from_number, to_number, start_time, file, file_name, cost, status, raw, received_at, remote, delivery_count, last_delivery_at, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",-1,&ins,0));
  X(sqlite3_prepare_v2(db,"UPDATE store_meta SET value = ? WHERE key = ?",-1,&meta,0));
  X(sqlite3_prepare_v2(db,"BEGIN IMMEDIATE",-1,&begin,0)); X(sqlite3_prepare_v2(db,"COMMIT",-1,&commit,0));
  char raw[700]; memset(raw,'x',sizeof raw);
  double t0=now(), c0=cpu(), tins=0; unsigned long r=12345;
  for(int b=0;b<N/B;b++){
    sqlite3_step(begin); sqlite3_reset(begin);
    double ti=now();
    for(int i=0;i<B;i++){
      seq++; char id[40];
      if(variant&4){ r=r*6364136223846793005UL+1442695040888963407UL; snprintf(id,40,"%016lx%016lx",r,r>>7);} else snprintf(id,40,"%04x%04x%016lx",(int)(seq&1),77,seq);
      if(!(variant&1)){ sqlite3_bind_text(find,1,"fax_sent",-1,SQLITE_STATIC); sqlite3_bind_text(find,2,id,-1,SQLITE_TRANSIENT); sqlite3_bind_text(find,3,id,-1,SQLITE_TRANSIENT);
        if(sqlite3_step(find)==SQLITE_ROW){fprintf(stderr,"dup\n");} sqlite3_reset(find);}
      int k=1; sqlite3_bind_int64(ins,k++,seq); sqlite3_bind_text(ins,k++,"fax_sent",-1,SQLITE_STATIC); sqlite3_bind_text(ins,k++,id,-1,SQLITE_TRANSIENT); sqlite3_bind_text(ins,k++,id,-1,SQLITE_TRANSIENT);
      sqlite3_bind_text(ins,k++,"2026-10-17 09:58:12",-1,SQLITE_STATIC); sqlite3_bind_text(ins,k++,"https://hooks.example.com/faxplus",-1,SQLITE_STATIC);
      sqlite3_bind_text(ins,k++,"7c1e2f9a4b3d4e5f8a6b0c1d2e3f4a5b",-1,SQLITE_STATIC); sqlite3_bind_int64(ins,k++,3);
      sqlite3_bind_text(ins,k++,"+1 212-555-0147",-1,SQLITE_STATIC); sqlite3_bind_text(ins,k++,"+1 415-555-0199",-1,SQLITE_STATIC);
      sqlite3_bind_text(ins,k++,"2026-10-17 09:56:40",-1,SQLITE_STATIC); sqlite3_bind_text(ins,k++,"0a9b8c7d6e5f40312a1b2c3d4e5f6a7b.tiff",-1,SQLITE_STATIC);
      sqlite3_bind_text(ins,k++,"fax-to-14155550199",-1,SQLITE_STATIC); sqlite3_bind_double(ins,k++,3); sqlite3_bind_text(ins,k++,"success",-1,SQLITE_STATIC);
      sqlite3_bind_blob(ins,k++,raw,560,SQLITE_STATIC); sqlite3_bind_int64(ins,k++,1700000000000); sqlite3_bind_text(ins,k++,"127.0.0.1",-1,SQLITE_STATIC);
      sqlite3_bind_int64(ins,k++,1700000000000); sqlite3_bind_int64(ins,k++,1);
      X(sqlite3_step(ins)); sqlite3_reset(ins);
    }
    if(!(variant&8)){ const char*keys[]={"last_seq","a","b","c","d"}; for(int j=0;j<5;j++){ sqlite3_bind_int64(meta,1,seq); sqlite3_bind_text(meta,2,keys[j],-1,SQLITE_STATIC); sqlite3_step(meta); sqlite3_reset(meta);} }
    tins+=now()-ti;
    X(sqlite3_step(commit)); sqlite3_reset(commit);
  }
  double t=now()-t0;
  printf("cpu %.2f us/event; ",(cpu()-c0)/N);
  printf("variant %2d full %d batch %d: %.2f us/event total, %.2f insert, %.1f us/batch commit\n",variant,full,B,t/N,tins/N,(t-tins)/(N/B));
  return 0;
}
