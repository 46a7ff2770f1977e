-- Declared quality rules: an item that breaks an error-level rule is REJECTED; warnings are logged with MIGRATED items.
ALTER TABLE migration_log ADD COLUMN violations json;
ALTER TABLE migration_run ADD COLUMN rejected integer NOT NULL DEFAULT 0;

-- Per run, how many items broke each rule: the quality trend across runs.
CREATE TABLE quality_result (
    run_id       uuid     NOT NULL,
    migration    varchar     NOT NULL,
    column_name  varchar     NOT NULL,
    rule         varchar     NOT NULL,
    level        varchar     NOT NULL,   -- ERROR or WARNING
    items        integer  NOT NULL,
    PRIMARY KEY (run_id, column_name, rule)
);
