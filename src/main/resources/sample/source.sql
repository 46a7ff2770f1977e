-- The sample's legacy schema, portable across PostgreSQL, MariaDB and H2 (${timestamp} is the
-- database's timestamp type). Run by `drover sample init`.
DROP TABLE IF EXISTS addresses;
DROP TABLE IF EXISTS customers;
CREATE TABLE customers (
    id           INTEGER       PRIMARY KEY,
    full_name    VARCHAR(200),
    email        VARCHAR(200),
    phone        VARCHAR(40),
    status       CHAR(1),
    created_at   VARCHAR(40),
    modified_at  ${timestamp}  NOT NULL
);
CREATE TABLE addresses (
    id           INTEGER       PRIMARY KEY,
    customer_id  INTEGER       NOT NULL,
    kind         CHAR(1),
    street       VARCHAR(200),
    city         VARCHAR(100),
    zip          VARCHAR(20),
    country      VARCHAR(2)
);
CREATE INDEX addresses_customer_idx ON addresses (customer_id);
