-- The embedded cluster: run.ai InferenceWorkload objects served with kube-apiserver semantics.
-- Shipped migrations never change; add a new numbered file instead.

-- One row per object, keyed like the apiserver's storage keys (namespace, then name).
CREATE TABLE cluster_objects (
    namespace        TEXT NOT NULL,
    name             TEXT NOT NULL,
    uid              TEXT NOT NULL UNIQUE,
    resource_version INTEGER NOT NULL,          -- equals metadata.resourceVersion of the object
    object           TEXT NOT NULL,             -- the object as served (JSON), server-set metadata included
    PRIMARY KEY (namespace, name)
) STRICT, WITHOUT ROWID;

-- The global resourceVersion counter and how far the event history was pruned.
CREATE TABLE cluster_state (
    id                         INTEGER PRIMARY KEY CHECK (id = 1),
    resource_version           INTEGER NOT NULL, -- the last resourceVersion handed out
    compacted_resource_version INTEGER NOT NULL  -- events at or below it are gone: older watches get 410
) STRICT;

INSERT INTO cluster_state (id, resource_version, compacted_resource_version) VALUES (1, 1, 1);

-- The bounded history of changes, one row per resourceVersion, for watches and list continuation.
CREATE TABLE cluster_events (
    resource_version INTEGER PRIMARY KEY,
    type             TEXT NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
    namespace        TEXT NOT NULL,
    name             TEXT NOT NULL,
    object           TEXT NOT NULL,             -- the state after the change (DELETED: last state, at this version)
    previous_object  TEXT                       -- the state before (MODIFIED and DELETED)
) STRICT;
