-- drover verify: one row per verification run, one row per item that was checked (and per extra item).
CREATE TABLE verification_run (
    run_id       uuid         PRIMARY KEY,
    migration    varchar         NOT NULL,
    arguments    varchar         NOT NULL,
    started_at   timestamp with time zone  NOT NULL,
    finished_at  timestamp with time zone,
    status       varchar         NOT NULL,   -- RUNNING, MATCH (all items match), MISMATCH, INTERRUPTED
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
    migration    varchar         NOT NULL,
    item_id      varchar         NOT NULL,
    status       varchar         NOT NULL,   -- MATCH, MISSING, DIFFERENT, EXTRA, ERROR
    differences  json,
    error        varchar,
    checked_at   timestamp with time zone  NOT NULL
);
CREATE INDEX verification_result_run_idx ON verification_result (run_id, status);
