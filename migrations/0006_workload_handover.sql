-- A workload handed over to its InferenceWorkload (POST /api/v1/migration/handover): the gateway no
-- longer manages the object. handed_over_to is the object's Cluster-API path; NULL while the
-- gateway manages it (never handed over, or handed back with undo).
-- Shipped migrations never change; add a new numbered file instead.

ALTER TABLE workloads ADD COLUMN handed_over_to TEXT;
ALTER TABLE workloads ADD COLUMN handed_over_at INTEGER;
