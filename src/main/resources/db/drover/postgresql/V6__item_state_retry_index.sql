-- Only reruns select states by status, and they select FAILED and REJECTED. The index on every item's
-- status grew by a row per item and was rewritten whenever an item's status changed; a partial index
-- on the statuses reruns select stays as small as the failures, and an item_state that has not been
-- analyzed yet cannot mislead the planner into using it for a chunk's lookup by item id.
DROP INDEX item_state_status_idx;
CREATE INDEX item_state_retry_idx ON item_state (migration, last_status, item_id)
    WHERE last_status IN ('FAILED', 'REJECTED');
