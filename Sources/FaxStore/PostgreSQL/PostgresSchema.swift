/// The PostgreSQL journal's tables and the one function every receiver appends through, as versioned
/// migrations.
///
/// The same layout as the SQLite journal (one sequence numbers every delivery; an event keeps the seq
/// of its first delivery, a repeat is a row in `duplicates`, a refused request a row in `rejections`),
/// plus `journal_head`, one row holding the last sequence number and the row counts. Every append
/// batch updates that row first, so its row lock is the journal's commit order: a batch takes its
/// sequence numbers only after the batch before it (from any receiver) has committed, and a follower
/// that has seen seq N has seen every delivery below N (see DECISIONS.md, "Order on PostgreSQL").
enum PostgresSchema {
    /// Key of the session-level advisory lock held while migrating, so that receivers starting
    /// together migrate one after another ("faxtop" in ASCII).
    static let migrationLock: Int64 = 0x6661_7874_6F70

    /// The channel writers notify at each commit (payload: the batch's last sequence number).
    static let channel = "faxtop_journal"

    struct Migration {
        let version: Int
        let name: String
        /// Statements, run one by one in one transaction (the extended protocol takes one at a time).
        let statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "events, duplicates, rejections, journal head, receivers, append", statements: v1),
    ]

    /// The newest version this faxtop knows.
    static var latest: Int { migrations.last?.version ?? 0 }

    static let createMigrationsTable = """
        CREATE TABLE IF NOT EXISTS faxtop_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())
        """

    private static let v1: [String] = [
        """
        CREATE TABLE journal_head (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            last_seq bigint NOT NULL,
            events bigint NOT NULL,
            duplicates bigint NOT NULL,
            rejected bigint NOT NULL)
        """,
        """
        INSERT INTO journal_head VALUES (true, 0, 0, 0, 0)
        """,
        """
        CREATE TABLE events (
            seq bigint PRIMARY KEY,
            hook_event text NOT NULL,
            hook_id text NOT NULL,
            data_id text NOT NULL,
            event_time text,
            target text,
            uid text,
            pages bigint,
            from_number text,
            to_number text,
            start_time text,
            file text,
            file_name text,
            cost double precision,
            status text,
            raw bytea NOT NULL,
            received_at bigint NOT NULL,
            remote text NOT NULL,
            delivery_count integer NOT NULL DEFAULT 1,
            last_delivery_at bigint NOT NULL,
            attempt integer NOT NULL,
            UNIQUE (data_id, hook_event, hook_id))
        """,
        """
        CREATE INDEX events_received_at ON events (received_at)
        """,
        """
        CREATE TABLE duplicates (
            seq bigint PRIMARY KEY,
            event_seq bigint NOT NULL,
            received_at bigint NOT NULL,
            remote text NOT NULL,
            delivery_count integer NOT NULL)
        """,
        """
        CREATE INDEX duplicates_event_seq ON duplicates (event_seq)
        """,
        """
        CREATE TABLE rejections (
            seq bigint PRIMARY KEY,
            received_at bigint NOT NULL,
            remote text NOT NULL,
            code integer NOT NULL,
            reason text NOT NULL,
            field text,
            method text NOT NULL,
            path text NOT NULL,
            body bytea NOT NULL,
            body_truncated boolean NOT NULL)
        """,
        """
        CREATE TABLE receivers (
            id text PRIMARY KEY,
            host text NOT NULL,
            pid integer NOT NULL,
            url text NOT NULL,
            mode text NOT NULL,
            started_at bigint NOT NULL,
            seen_at bigint NOT NULL)
        """,
        """
        -- One batch of deliveries, numbered and stored; one row out per delivery, in order:
        -- o_kind 'a' (accepted: o_ref = attempt), 'd' (duplicate: o_ref = the event's seq, o_count =
        -- delivery count) or 'r' (rejection). The caller commits; the NOTIFY is delivered at that commit.
        CREATE FUNCTION faxtop_append(batch jsonb)
        RETURNS TABLE (o_kind text, o_seq bigint, o_ref bigint, o_count integer)
        LANGUAGE plpgsql AS $$
        DECLARE
            n integer := jsonb_array_length(batch);
            s bigint;
            r record;
            stored integer;
            first_stored boolean;
            inserted bigint;
            add_events integer := 0;
            add_duplicates integer := 0;
            add_rejected integer := 0;
        BEGIN
            -- The row lock taken here is held until commit: the journal's commit order.
            UPDATE journal_head SET last_seq = last_seq + n WHERE id RETURNING last_seq - n + 1 INTO s;
            -- Parsed into typed columns in one pass: reading each field with ->> took twice as long.
            FOR r IN SELECT * FROM ROWS FROM (jsonb_to_recordset(batch) AS (k text, at bigint, remote text, he text, hi text, di text,
                    et text, tg text, uid text, pg bigint, fr text, "to" text, st text, f text, fn text, c double precision, s text, raw text,
                    code integer, reason text, field text, method text, path text, body text, truncated boolean)) WITH ORDINALITY AS x
                    ORDER BY ordinality LOOP
                IF r.k = 'r' THEN
                    INSERT INTO rejections VALUES (s, r.at, r.remote, r.code, r.reason, r.field, r.method, r.path, decode(r.body, 'base64'), r.truncated);
                    add_rejected := add_rejected + 1;
                    o_kind := 'r'; o_seq := s; o_ref := 0; o_count := 0;
                ELSE
                    IF r.hi = r.di THEN
                        o_ref := 1;
                    ELSE
                        SELECT count(*), coalesce(bool_or(e.hook_id = e.data_id), false) INTO stored, first_stored
                        FROM events e WHERE e.data_id = r.di;
                        o_ref := stored + 1 + CASE WHEN first_stored THEN 0 ELSE 1 END;
                    END IF;
                    inserted := NULL;
                    INSERT INTO events VALUES (s, r.he, r.hi, r.di, r.et, r.tg, r.uid, r.pg, r.fr, r."to", r.st, r.f, r.fn, r.c, r.s,
                        decode(r.raw, 'base64'), r.at, r.remote, 1, r.at, o_ref)
                    ON CONFLICT (data_id, hook_event, hook_id) DO NOTHING
                    RETURNING events.seq INTO inserted;
                    IF inserted IS NOT NULL THEN
                        add_events := add_events + 1;
                        o_kind := 'a'; o_seq := s; o_count := 1;
                    ELSE
                        UPDATE events e SET delivery_count = e.delivery_count + 1, last_delivery_at = r.at
                        WHERE e.data_id = r.di AND e.hook_event = r.he AND e.hook_id = r.hi
                        RETURNING e.seq, e.delivery_count INTO o_ref, o_count;
                        INSERT INTO duplicates VALUES (s, o_ref, r.at, r.remote, o_count);
                        add_duplicates := add_duplicates + 1;
                        o_kind := 'd'; o_seq := s;
                    END IF;
                END IF;
                RETURN NEXT;
                s := s + 1;
            END LOOP;
            UPDATE journal_head SET events = events + add_events, duplicates = duplicates + add_duplicates,
                rejected = rejected + add_rejected WHERE id;
            PERFORM pg_notify('faxtop_journal', (s - 1)::text);
        END
        $$
        """,
    ]
}
