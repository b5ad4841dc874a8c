-- Status sync finds a record by the object the cluster shows it: its namespace and name
-- (never by a label a client can set), newest first.
-- Shipped migrations never change; add a new numbered file instead.

CREATE INDEX workloads_object ON workloads(namespace, name, created_at);
