-- Declared quality rules: an item that breaks an error-level rule is REJECTED; warnings are logged with MIGRATED items.
ALTER TABLE migration_log ADD COLUMN violations jsonb;
ALTER TABLE migration_run ADD COLUMN rejected integer NOT NULL DEFAULT 0;

-- Per run, how many items broke each rule: the quality trend across runs.
CREATE TABLE quality_result (
    run_id       uuid     NOT NULL,
    migration    text     NOT NULL,
    column_name  text     NOT NULL,
    rule         text     NOT NULL,
    level        text     NOT NULL,   -- ERROR or WARNING
    items        integer  NOT NULL,
    PRIMARY KEY (run_id, column_name, rule)
);
