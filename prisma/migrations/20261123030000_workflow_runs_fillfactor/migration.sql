-- A run row is updated at every step. Room left on each page lets PostgreSQL
-- keep the new version on the same page, which (with no indexed column
-- changed) is a HOT update: no index is touched. Applies to pages written from
-- now on.
ALTER TABLE "workflow_runs" SET (fillfactor = 70);
