-- Daily rollups of legacy calls, written in the transaction that writes their audit rows: one row
-- per UTC day, client identity and legacy endpoint, so a usage report over months of traffic reads
-- a few rows per client instead of scanning audit_log.
-- Shipped migrations never change; add a new numbered file instead.

CREATE TABLE legacy_usage_daily (
    day           TEXT NOT NULL,             -- UTC date, YYYY-MM-DD
    client        TEXT NOT NULL,             -- token user, else RA-USER, else user agent @ remote address
    endpoint      TEXT NOT NULL,             -- the legacy endpoint (submit, getJob, ...; unknown for unrouted paths)
    calls         INTEGER NOT NULL,
    errors        INTEGER NOT NULL,          -- calls answered with a status of 400 or more
    first_seen    INTEGER NOT NULL,          -- Unix milliseconds
    last_seen     INTEGER NOT NULL,
    last_project  TEXT,                      -- the project and job of the latest call that touched a job
    last_workload TEXT,
    PRIMARY KEY (day, client, endpoint)
) STRICT, WITHOUT ROWID;

CREATE INDEX legacy_usage_daily_client ON legacy_usage_daily(client, day);
