-- Where each polling trigger of `drover run` got to: the start of its last completed poll. A restart
-- polls from there instead of from the epoch (which took every item again, each only to be UNCHANGED).
CREATE TABLE poll_mark (
    migration   text        NOT NULL,
    query_hash  text        NOT NULL,   -- SHA-256 of the poll query: a changed query starts from the epoch
    polled_from timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (migration, query_hash)
);
