-- Where each polling trigger of `drover run` got to (see the PostgreSQL migration of the same version).
CREATE TABLE poll_mark (
    migration   varchar(200) NOT NULL,
    query_hash  varchar(64)  NOT NULL,
    polled_from timestamp with time zone NOT NULL,
    updated_at  timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (migration, query_hash)
);
