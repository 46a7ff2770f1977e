-- The index on every item's latest status made the planner, on an item_state that had not been analyzed
-- yet (the first hours of a large load, or a server without autovacuum), pick it for the lookup of a
-- chunk's states: a scan of every row of the migration for each chunk, whose cost grew with the run
-- (222 ms per chunk of 500 at 800,000 items). Only reruns select by status, and they select the
-- statuses FAILED and REJECTED: a partial index holds just those rows, stays small, and cannot serve a
-- lookup by item id.
DROP INDEX item_state_status_idx;
CREATE INDEX item_state_retry_idx ON item_state (migration, last_status, item_id)
    WHERE last_status IN ('FAILED', 'REJECTED');
