-- Initial schema: projects, workloads, the audit log, the outbox and idempotency keys.
-- Shipped migrations never change; add a new numbered file instead.
-- Times are Unix milliseconds (INTEGER). JSON documents are TEXT.

CREATE TABLE projects (
    name            TEXT PRIMARY KEY NOT NULL,
    namespace       TEXT NOT NULL UNIQUE,
    deserved_gpus   REAL NOT NULL DEFAULT 0,
    node_affinity   TEXT NOT NULL DEFAULT '[]',          -- JSON array of node types
    department      TEXT,
    origin          TEXT NOT NULL CHECK (origin IN ('configured', 'automatic')),
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE workloads (
    id                       TEXT PRIMARY KEY NOT NULL,  -- legacy job id (UUID), stable for the workload's life
    project                  TEXT NOT NULL REFERENCES projects(name),
    name                     TEXT NOT NULL,              -- legacy job name = Kubernetes object name
    namespace                TEXT NOT NULL,
    username                 TEXT,                       -- display user (RA-USER or the token's user)
    legacy_request           TEXT NOT NULL,              -- the `job` object as received (JSON)
    desired_object           TEXT NOT NULL,              -- the translated InferenceWorkload (JSON)
    desired_state            TEXT NOT NULL DEFAULT 'present' CHECK (desired_state IN ('present', 'absent')),
    sync_state               TEXT NOT NULL DEFAULT 'pending'
                             CHECK (sync_state IN ('pending', 'synced', 'failed', 'deleted')),
    cluster_uid              TEXT,
    cluster_resource_version TEXT,
    status                   TEXT NOT NULL DEFAULT 'Pending', -- legacy status shown to dashboards
    nodes                    TEXT NOT NULL DEFAULT '[]', -- JSON array of node names
    requested_gpus           REAL NOT NULL DEFAULT 0,
    allocated_gpus           REAL NOT NULL DEFAULT 0,
    connection_url           TEXT,
    last_error               TEXT,
    revision                 INTEGER NOT NULL DEFAULT 1, -- bumped on every change (ETags)
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL,
    deleted_at               INTEGER
) STRICT;

-- One live workload per project and name; deleted ones stay for history.
CREATE UNIQUE INDEX workloads_live_name ON workloads(project, name) WHERE deleted_at IS NULL;
CREATE INDEX workloads_project ON workloads(project, created_at);
CREATE INDEX workloads_sync_state ON workloads(sync_state) WHERE sync_state <> 'synced';

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    principal   TEXT NOT NULL,          -- token user, or 'anonymous' (RA-USER is kept in display_user)
    display_user TEXT,
    method      TEXT NOT NULL,
    path        TEXT NOT NULL,
    status      INTEGER NOT NULL,
    request_id  TEXT,
    project     TEXT,
    workload    TEXT,
    user_agent  TEXT
) STRICT;

CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_principal ON audit_log(principal, at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,   -- order of pushes
    workload_id     TEXT NOT NULL REFERENCES workloads(id),
    operation       TEXT NOT NULL CHECK (operation IN ('apply', 'delete')),
    payload         TEXT NOT NULL,                       -- JSON (the object to apply, or the delete target)
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    completed_at    INTEGER
) STRICT;

CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_workload ON outbox(workload_id, id);

CREATE TABLE idempotency_keys (
    principal       TEXT NOT NULL,
    key             TEXT NOT NULL,
    request_hash    TEXT NOT NULL,          -- SHA-256 of method, path and body
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    workload_id     TEXT REFERENCES workloads(id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
) STRICT;

CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
