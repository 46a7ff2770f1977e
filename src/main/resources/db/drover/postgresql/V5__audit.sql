-- drover audit: one row per audit of a migration's source, with its predicted outcome and the whole
-- JSON report, so that audits of the same source can be compared over time.
CREATE TABLE audit_run (
    audit_id            uuid         PRIMARY KEY,
    migration           text         NOT NULL,
    arguments           text         NOT NULL,
    started_at          timestamptz  NOT NULL,
    finished_at         timestamptz,
    status              text         NOT NULL,   -- RUNNING, FINISHED, FAILED
    sample_size         integer,                 -- N of --sample N; NULL when every item was audited
    items_audited       bigint       NOT NULL DEFAULT 0,
    predicted_migrated  bigint       NOT NULL DEFAULT 0,
    predicted_rejected  bigint       NOT NULL DEFAULT 0,
    predicted_failed    bigint       NOT NULL DEFAULT 0,
    duplicate_values    bigint       NOT NULL DEFAULT 0,
    orphan_rows         bigint       NOT NULL DEFAULT 0,
    report              jsonb
);
CREATE INDEX audit_run_migration_idx ON audit_run (migration, started_at);

-- Scratch space of a running audit: one row per business-key value of an item, so that duplicates are
-- found with GROUP BY in the database instead of in memory. An audit deletes its rows when it ends.
-- No index: rows are written once and read by whole-audit scans, and an index would slow the writes.
CREATE TABLE audit_key (
    audit_id          uuid     NOT NULL,
    key_name          text     NOT NULL,   -- email, addresses.street
    key_hash          char(32) NOT NULL,   -- of the value after cleansing
    item_id           text     NOT NULL,
    order_number      numeric,             -- the item id as a number (idType number), to find the lowest id
    order_text        text,                -- else the id as hex of its UTF-16 units: sorts like Java's String order in any collation
    shown_value       text,                -- for examples; NULL for sensitive columns
    eligible          boolean  NOT NULL,   -- the item breaks no other error-level rule
    predicted_status  text     NOT NULL,
    predicted_reason  text
);
