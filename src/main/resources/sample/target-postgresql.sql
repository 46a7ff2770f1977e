-- The sample migration's new schema (PostgreSQL). Run by `drover sample init`, which replaces an earlier sample.
DROP TABLE IF EXISTS customer_address;
DROP TABLE IF EXISTS customer;
DROP TYPE IF EXISTS customer_status;
CREATE TYPE customer_status AS ENUM ('active', 'inactive', 'suspended');
CREATE TABLE customer (
    id          bigint          PRIMARY KEY,
    first_name  text            NOT NULL,
    last_name   text            NOT NULL,
    email       text            NOT NULL UNIQUE,
    phone       text            CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    status      customer_status NOT NULL,
    created_at  timestamptz     NOT NULL
);
CREATE TABLE customer_address (
    id           bigint  PRIMARY KEY,
    customer_id  bigint  NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    kind         text    NOT NULL CHECK (kind IN ('home', 'work', 'billing')),
    street       text    NOT NULL,
    city         text    NOT NULL,
    postal_code  text,
    country      char(2) NOT NULL
);
CREATE INDEX customer_address_customer_idx ON customer_address (customer_id);
