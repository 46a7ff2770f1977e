-- A process touches heartbeat_at of each run it has open every few seconds (drover.run.heartbeat-seconds):
-- a RUNNING run whose heartbeat is older than drover.run.unresponsive-after-seconds belongs to a process
-- that is gone (killed, its host lost), and `status` or the next `migrate` records it INTERRUPTED.
ALTER TABLE migration_run ADD COLUMN heartbeat_at timestamp with time zone;

-- Items asked for by id that the source does not have: their own outcome, not a failure to retry.
ALTER TABLE migration_run ADD COLUMN not_found integer NOT NULL DEFAULT 0;

-- Runs recorded INTERRUPTED before this version by a later run kept the zero counts they started with;
-- their log knows what they did.
UPDATE migration_run SET
    items_total = (SELECT count(*) FROM migration_log l WHERE l.run_id = migration_run.run_id),
    migrated = (SELECT count(*) FROM migration_log l WHERE l.run_id = migration_run.run_id AND l.status = 'MIGRATED'),
    unchanged = (SELECT count(*) FROM migration_log l WHERE l.run_id = migration_run.run_id AND l.status = 'UNCHANGED'),
    failed = (SELECT count(*) FROM migration_log l WHERE l.run_id = migration_run.run_id AND l.status = 'FAILED'),
    dry_run = (SELECT count(*) FROM migration_log l WHERE l.run_id = migration_run.run_id AND l.status = 'DRY_RUN'),
    rejected = (SELECT count(*) FROM migration_log l WHERE l.run_id = migration_run.run_id AND l.status = 'REJECTED')
WHERE status = 'INTERRUPTED' AND items_total = 0;
