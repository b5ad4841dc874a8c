-- The template a job was submitted from ({"template": …} submits), shown as JobView.template:
-- JSON text {"name", "project", "settingsName"}; NULL for {"job": …} submits.
-- Shipped migrations never change; add a new numbered file instead.

ALTER TABLE workloads ADD COLUMN template TEXT;
