-- The PostgreSQL store's schema: projects, workloads, the audit log and its daily rollups, the
-- outbox and idempotency keys (the same tables as SQLite's migrations 0001, 0003, 0004 and 0005;
-- the embedded cluster keeps its SQLite file).
-- Shipped migrations never change; add a new numbered file instead.
-- Times are Unix milliseconds (BIGINT). JSON documents are TEXT, as in SQLite.

CREATE TABLE projects (
    name            TEXT PRIMARY KEY,
    namespace       TEXT NOT NULL UNIQUE,
    deserved_gpus   DOUBLE PRECISION NOT NULL DEFAULT 0,
    node_affinity   TEXT NOT NULL DEFAULT '[]',          -- JSON array of node types
    department      TEXT,
    origin          TEXT NOT NULL CHECK (origin IN ('configured', 'automatic')),
    created_at      BIGINT NOT NULL
);

CREATE TABLE workloads (
    id                       TEXT PRIMARY KEY,           -- legacy job id (UUID), stable for the workload's life
    project                  TEXT NOT NULL REFERENCES projects(name),
    name                     TEXT NOT NULL,              -- legacy job name = Kubernetes object name
    namespace                TEXT NOT NULL,
    username                 TEXT,
    legacy_request           TEXT NOT NULL,              -- the `job` object as received (JSON)
    desired_object           TEXT NOT NULL,              -- the translated InferenceWorkload (JSON)
    desired_state            TEXT NOT NULL DEFAULT 'present' CHECK (desired_state IN ('present', 'absent')),
    sync_state               TEXT NOT NULL DEFAULT 'pending'
                             CHECK (sync_state IN ('pending', 'synced', 'failed', 'deleted')),
    cluster_uid              TEXT,
    cluster_resource_version TEXT,
    status                   TEXT NOT NULL DEFAULT 'Pending',
    nodes                    TEXT NOT NULL DEFAULT '[]', -- JSON array of node names
    requested_gpus           DOUBLE PRECISION NOT NULL DEFAULT 0,
    allocated_gpus           DOUBLE PRECISION NOT NULL DEFAULT 0,
    connection_url           TEXT,
    last_error               TEXT,
    revision                 BIGINT NOT NULL DEFAULT 1,  -- bumped on every change (ETags)
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL,
    deleted_at               BIGINT,
    template                 TEXT,                       -- {"name", "project", "settingsName"} or NULL
    seq                      BIGINT GENERATED ALWAYS AS IDENTITY -- insertion order (SQLite's rowid)
);

-- One live workload per project and name; deleted ones stay for history.
CREATE UNIQUE INDEX workloads_live_name ON workloads(project, name) WHERE deleted_at IS NULL;
CREATE INDEX workloads_project ON workloads(project, created_at);
CREATE INDEX workloads_sync_state ON workloads(sync_state) WHERE sync_state <> 'synced';
CREATE INDEX workloads_object ON workloads(namespace, name, created_at);

CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           BIGINT NOT NULL,
    principal    TEXT NOT NULL,
    display_user TEXT,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    status       INTEGER NOT NULL,
    request_id   TEXT,
    project      TEXT,
    workload     TEXT,
    user_agent   TEXT
);

CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_principal ON audit_log(principal, at);

CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- order of pushes
    workload_id     TEXT NOT NULL REFERENCES workloads(id),
    operation       TEXT NOT NULL CHECK (operation IN ('apply', 'delete')),
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    completed_at    BIGINT
);

CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_workload ON outbox(workload_id, id);

CREATE TABLE idempotency_keys (
    principal       TEXT NOT NULL,
    key             TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    workload_id     TEXT REFERENCES workloads(id),
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (principal, key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- Daily rollups of legacy calls, written in the transaction that writes their audit rows.
CREATE TABLE legacy_usage_daily (
    day           TEXT NOT NULL,             -- UTC date, YYYY-MM-DD
    client        TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    calls         BIGINT NOT NULL,
    errors        BIGINT NOT NULL,
    first_seen    BIGINT NOT NULL,
    last_seen     BIGINT NOT NULL,
    last_project  TEXT,
    last_workload TEXT,
    PRIMARY KEY (day, client, endpoint)
);

CREATE INDEX legacy_usage_daily_client ON legacy_usage_daily(client, day);
