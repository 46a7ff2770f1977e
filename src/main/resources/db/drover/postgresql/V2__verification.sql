-- drover verify: one row per verification run, one row per item that was checked (and per extra item).
CREATE TABLE verification_run (
    run_id       uuid         PRIMARY KEY,
    migration    text         NOT NULL,
    arguments    text         NOT NULL,
    started_at   timestamptz  NOT NULL,
    finished_at  timestamptz,
    status       text         NOT NULL,   -- RUNNING, MATCH (all items match), MISMATCH, INTERRUPTED
    checked      integer      NOT NULL DEFAULT 0,
    matched      integer      NOT NULL DEFAULT 0,
    missing      integer      NOT NULL DEFAULT 0,
    different    integer      NOT NULL DEFAULT 0,
    extra        integer      NOT NULL DEFAULT 0,
    errors       integer      NOT NULL DEFAULT 0
);
CREATE INDEX verification_run_migration_idx ON verification_run (migration, started_at);

CREATE TABLE verification_result (
    result_id    bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       uuid         NOT NULL,
    migration    text         NOT NULL,
    item_id      text         NOT NULL,
    status       text         NOT NULL,   -- MATCH, MISSING, DIFFERENT, EXTRA, ERROR
    differences  jsonb,
    error        text,
    checked_at   timestamptz  NOT NULL
);
CREATE INDEX verification_result_run_idx ON verification_result (run_id, status);
