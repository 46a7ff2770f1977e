-- Drover's own bookkeeping in the target database, versioned by Flyway (history table drover_schema_history).

-- One row per run of a migration (a `drover migrate` invocation or a long-running `drover run`).
CREATE TABLE migration_run (
    run_id        uuid         PRIMARY KEY,
    migration     text         NOT NULL,
    arguments     text         NOT NULL,
    host          text         NOT NULL,
    started_at    timestamptz  NOT NULL,
    finished_at   timestamptz,
    status        text         NOT NULL,   -- RUNNING, SUCCEEDED, FAILED, INTERRUPTED
    items_total   integer      NOT NULL DEFAULT 0,
    migrated      integer      NOT NULL DEFAULT 0,
    unchanged     integer      NOT NULL DEFAULT 0,
    failed        integer      NOT NULL DEFAULT 0,
    dry_run       integer      NOT NULL DEFAULT 0
);
CREATE INDEX migration_run_migration_idx ON migration_run (migration, started_at);

-- One row per item attempt. A MIGRATED row is written in the item's own transaction, so a committed
-- item never lacks its row; other outcomes are written right after the item's transaction ended.
CREATE TABLE migration_log (
    log_id            bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id            uuid         NOT NULL,
    migration         text         NOT NULL,
    item_id           text         NOT NULL,
    status            text         NOT NULL,   -- MIGRATED, UNCHANGED, FAILED, DRY_RUN
    attempt           integer      NOT NULL,
    source_hash       text,
    source_data       jsonb,
    destination_data  jsonb,
    diff              jsonb,
    error_class       text,
    error             text,
    rolled_back       boolean,
    started_at        timestamptz  NOT NULL,
    finished_at       timestamptz  NOT NULL,
    duration_ms       bigint       NOT NULL
);
CREATE INDEX migration_log_run_idx ON migration_log (run_id);
CREATE INDEX migration_log_item_idx ON migration_log (migration, item_id, log_id);

-- The latest state of every item: the hash of its source when it last succeeded (unchanged detection)
-- and its latest outcome (what --retry-failed selects).
CREATE TABLE item_state (
    migration      text         NOT NULL,
    item_id        text         NOT NULL,
    source_hash    text,
    last_status    text         NOT NULL,
    attempts       integer      NOT NULL,
    last_run_id    uuid         NOT NULL,
    updated_at     timestamptz  NOT NULL,
    PRIMARY KEY (migration, item_id)
);
CREATE INDEX item_state_status_idx ON item_state (migration, last_status);
