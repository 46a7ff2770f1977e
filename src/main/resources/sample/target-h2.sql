-- The sample migration's new schema on H2, for the zero-install quick start only.
DROP TABLE IF EXISTS customer_address;
DROP TABLE IF EXISTS customer;
CREATE TABLE customer (
    id          bigint        PRIMARY KEY,
    first_name  varchar(200)  NOT NULL,
    last_name   varchar(200)  NOT NULL,
    email       varchar(200)  NOT NULL UNIQUE,
    phone       varchar(20),
    status      ENUM('active', 'inactive', 'suspended') NOT NULL,
    created_at  timestamp with time zone NOT NULL
);
CREATE TABLE customer_address (
    id           bigint        PRIMARY KEY,
    customer_id  bigint        NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    kind         varchar(10)   NOT NULL CHECK (kind IN ('home', 'work', 'billing')),
    street       varchar(200)  NOT NULL,
    city         varchar(100)  NOT NULL,
    postal_code  varchar(20),
    country      char(2)       NOT NULL
);
CREATE INDEX customer_address_customer_idx ON customer_address (customer_id);
