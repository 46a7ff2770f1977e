-- The lease of the `drover migrate` run that holds a migration's run lock. The session advisory lock
-- goes when the holder's connection does (a server restart, a terminated backend); this row, renewed
-- by the holder every second, tells the next run that the holder is alive and will take its lock back.
-- Deleted when the run ends; a row left by a killed process expires when it is no longer renewed.
CREATE TABLE run_lease (
    migration    text         PRIMARY KEY,
    holder       uuid         NOT NULL,
    host         text         NOT NULL,
    acquired_at  timestamptz  NOT NULL,
    renewed_at   timestamptz  NOT NULL
);
