-- The unique quality rule: every item that passes its other rules claims its values of each column declared
-- unique; a value belongs to the lowest item id claiming it. Values are stored as SHA-256 hashes (after
-- cleansing), never in clear, so a unique column may be sensitive.
CREATE TABLE unique_claim (
    migration   text      NOT NULL,
    unique_key  text      NOT NULL,   -- the column as declared: email, addresses.street
    value_hash  char(64)  NOT NULL,
    item_id     text      NOT NULL,
    PRIMARY KEY (migration, unique_key, value_hash, item_id)
);
CREATE INDEX unique_claim_item_idx ON unique_claim (migration, item_id);
