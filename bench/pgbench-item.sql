-- pgbench script: one transaction = what Drover does for one item of the sample migration `customers`,
-- on one PostgreSQL server. bench/compare.sh prepares the database (schema src: copies of the legacy
-- tables customers/addresses; public: the sample's target tables; drover: Drover's log tables; sequence
-- bench_ids) and runs it with -M prepared -c W -j W -t ceil(N/W) -D n=N -D run=<uuid>.
--
-- pgbench has no per-client counter that covers ids 1..N once across clients, so each transaction takes
-- the next id from a sequence; the few transactions drawn beyond N do nothing but that.
-- The statements follow Drover's per item, in the same order and with the same round trips:
--   before the transaction: item_state lookup (unchanged detection), the customer row, its addresses;
--   in one transaction: upsert customer, delete addresses no longer in the item, upsert its addresses,
--   the migration_log row (source and destination data as JSON, SHA-256 of the source), upsert item_state.
-- The conversion (Java in Drover) is approximated in SQL so that no item fails: a pgbench client stops
-- at its first error. The converted values are not the converter's; the work per item is what matters.
SELECT nextval('bench_ids') AS id \gset
\if :id <= :n
SELECT source_hash, last_status, attempts FROM drover.item_state WHERE migration = 'customers' AND item_id = CAST(:id AS text);
SELECT * FROM src.customers WHERE id = :id;
SELECT * FROM src.addresses WHERE customer_id = :id ORDER BY id;
BEGIN;
INSERT INTO customer (id, first_name, last_name, email, phone, status, created_at)
SELECT c.id, initcap(split_part(trim(c.full_name), ' ', 1)), initcap(coalesce(nullif(split_part(trim(c.full_name), ' ', -1), ''), '-')),
       lower(trim(c.email)),
       CASE WHEN c.phone IS NULL THEN NULL ELSE '+1' || left(regexp_replace(c.phone, '[^0-9]', '', 'g') || '000000', 13) END,
       CAST(CASE upper(c.status) WHEN 'A' THEN 'active' WHEN 'I' THEN 'inactive' ELSE 'suspended' END AS customer_status),
       c.modified_at
FROM src.customers c WHERE c.id = :id
ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
    phone = EXCLUDED.phone, status = EXCLUDED.status, created_at = EXCLUDED.created_at
WHERE (CAST(customer.first_name AS text), CAST(customer.last_name AS text), CAST(customer.email AS text),
       CAST(customer.phone AS text), CAST(customer.status AS text), CAST(customer.created_at AS text))
      IS DISTINCT FROM (CAST(EXCLUDED.first_name AS text), CAST(EXCLUDED.last_name AS text), CAST(EXCLUDED.email AS text),
       CAST(EXCLUDED.phone AS text), CAST(EXCLUDED.status AS text), CAST(EXCLUDED.created_at AS text));
DELETE FROM customer_address WHERE customer_id = :id
    AND id NOT IN (SELECT a.id FROM src.addresses a WHERE a.customer_id = :id);
INSERT INTO customer_address (id, customer_id, kind, street, city, postal_code, country)
SELECT a.id, a.customer_id, CASE upper(a.kind) WHEN 'H' THEN 'home' WHEN 'W' THEN 'work' ELSE 'billing' END,
       coalesce(trim(a.street), ''), trim(a.city), trim(a.zip), upper(trim(a.country))
FROM src.addresses a WHERE a.customer_id = :id ORDER BY a.id
ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, kind = EXCLUDED.kind, street = EXCLUDED.street,
    city = EXCLUDED.city, postal_code = EXCLUDED.postal_code, country = EXCLUDED.country
WHERE (CAST(customer_address.customer_id AS text), customer_address.kind, customer_address.street, customer_address.city,
       customer_address.postal_code, CAST(customer_address.country AS text))
      IS DISTINCT FROM (CAST(EXCLUDED.customer_id AS text), EXCLUDED.kind, EXCLUDED.street, EXCLUDED.city,
       EXCLUDED.postal_code, CAST(EXCLUDED.country AS text));
INSERT INTO drover.migration_log (run_id, migration, item_id, status, attempt, source_hash, source_data, destination_data,
                           started_at, finished_at, duration_ms)
SELECT CAST(:run AS uuid), 'customers', CAST(:id AS text), 'MIGRATED', 1,
       encode(sha256(convert_to(CAST(s.data AS text), 'UTF8')), 'hex'), s.data,
       jsonb_build_object(
           'customer', (SELECT jsonb_agg(to_jsonb(t)) FROM customer t WHERE t.id = :id),
           'customer_address', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.id), '[]') FROM customer_address t
                                WHERE t.customer_id = :id)),
       statement_timestamp(), clock_timestamp(), 0
FROM (SELECT to_jsonb(c) || jsonb_build_object('addresses',
             (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.id), '[]') FROM src.addresses a WHERE a.customer_id = c.id)) AS data
      FROM src.customers c WHERE c.id = :id) s;
INSERT INTO drover.item_state (migration, item_id, source_hash, last_status, attempts, last_run_id, updated_at)
SELECT 'customers', CAST(:id AS text), encode(sha256(convert_to(CAST(to_jsonb(c) AS text), 'UTF8')), 'hex'), 'MIGRATED', 1,
       CAST(:run AS uuid), clock_timestamp()
FROM src.customers c WHERE c.id = :id
ON CONFLICT (migration, item_id) DO UPDATE SET source_hash = EXCLUDED.source_hash, last_status = EXCLUDED.last_status,
    attempts = EXCLUDED.attempts, last_run_id = EXCLUDED.last_run_id, updated_at = EXCLUDED.updated_at
WHERE (item_state.source_hash, item_state.last_status, CAST(item_state.attempts AS text), CAST(item_state.last_run_id AS text),
       CAST(item_state.updated_at AS text))
      IS DISTINCT FROM (EXCLUDED.source_hash, EXCLUDED.last_status, CAST(EXCLUDED.attempts AS text),
       CAST(EXCLUDED.last_run_id AS text), CAST(EXCLUDED.updated_at AS text));
COMMIT;
\endif
