-- Fills the sample's legacy tables (src/main/resources/sample/source.sql, already created) with the
-- customers 1..:n and their addresses, in the database itself: the same values as
-- io.drover.sample.SampleData.customer(id) / addresses(id), bad items included.
-- Run: psql -v ON_ERROR_STOP=1 -v n=100000 -f bench/sql/generate-postgresql.sql
--
-- Mirrors of the Java generator's details:
--   * arrays are 1-based here, 0-based in Java: FIRST[i] is first_names[i + 1];
--   * the phone digits come from (id * 7919) % 8999999, computed in 64 bits as in Java;
--   * created_at: the offset from 2015-01-01 08:00 wraps after 60,000,000 hours (SampleData.CREATED_WRAP_HOURS), so
--     years keep four digits; LocalDateTime.toString() would write years above 9999 as "+10000".
-- bench/GeneratorFingerprint.java checks the result against SampleData itself.

INSERT INTO customers (id, full_name, email, phone, status, created_at, modified_at)
SELECT id,
       CASE id % 4
           WHEN 0 THEN f || ' ' || l
           WHEN 1 THEN '  ' || f || '   ' || l || ' '
           WHEN 2 THEN upper(l) || ', ' || f
           ELSE lower(f) || ' ' || l
       END,
       CASE id % 3
           WHEN 0 THEN f || '.' || l || id || '@Example.COM'
           WHEN 1 THEN '  ' || lower(f) || '.' || lower(l) || id || '@example.com '
           ELSE upper(f || id || '@MAIL.example.org')
       END,
       CASE id % 5
           WHEN 0 THEN NULL
           WHEN 1 THEN '(555) ' || substr(d, 1, 3) || '-' || substr(d, 4)
           WHEN 2 THEN '555.' || substr(d, 1, 3) || '.' || substr(d, 4)
           WHEN 3 THEN '+1 555 ' || substr(d, 1, 3) || ' ' || substr(d, 4)
           ELSE '0044 20 ' || substr(d, 1, 4) || ' ' || substr(d, 5)
       END,
       CASE WHEN bad = 1 THEN 'X' ELSE (ARRAY['A', 'A', 'I', 'S', 'a'])[id % 5 + 1] END,
       CASE
           WHEN bad = 0 THEN '31/02/2019'
           WHEN id % 2 = 0 THEN CASE WHEN extract(year FROM c) > 9999 THEN '+' ELSE '' END
                                || to_char(c, 'YYYY-MM-DD HH24:MI:SS')
           ELSE to_char(c, 'DD/MM/YYYY')
       END,
       timestamp '2024-01-01 00:00:00' + id * interval '1 minute'
FROM (
    SELECT id,
           (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis',
                  'Radia', 'John', 'Sophie', 'Tim', 'Hedy', 'Linus', 'Annie', 'Claude', 'Jean', 'Niklaus'])[id * 7 % 20 + 1] AS f,
           (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie',
                  'Perlman', 'Backus', 'Wilson', 'Berners-Lee', 'Lamarr', 'Torvalds', 'Easley', 'Shannon', 'Sammet',
                  'Wirth'])[id * 13 % 20 + 1] AS l,
           CASE WHEN p >= 0 THEN lpad(p::text, greatest(7, length(p::text)), '0')
                ELSE '-' || lpad((-p)::text, greatest(6, length((-p)::text)), '0') END AS d,
           CASE WHEN id % 500 = 250 THEN id / 500 % 3 END AS bad,   -- the bad item's kind, NULL for good items
           timestamp '2015-01-01 08:00:00' + (id * 37 % 60000000) * interval '1 hour' AS c   -- SampleData.CREATED_WRAP_HOURS
    FROM (
        SELECT id, 1000000 + (id::bigint * 7919) % 8999999 AS p
        FROM generate_series(1::bigint, :n) AS id
    ) ids
) g;

-- id % 3 addresses per customer (0, 1 or 2); a bad item of kind 2 has one address without street.
INSERT INTO addresses (id, customer_id, kind, street, city, zip, country)
SELECT id * 10 + k, id,
       (ARRAY['H', 'W', 'B'])[(id + k) % 3 + 1],
       CASE WHEN spoiled THEN NULL
            ELSE (k + 1) * 3 || ' '
                 || (ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton',
                           'Ritchie', 'Perlman', 'Backus', 'Wilson', 'Berners-Lee', 'Lamarr', 'Torvalds', 'Easley', 'Shannon',
                           'Sammet', 'Wirth'])[(id + k) % 20 + 1] || ' Street' END,
       (ARRAY['Berlin', 'Lyon', 'Porto', 'Leeds', 'Gdansk', 'Turin', 'Ghent', 'Bergen'])[(id + k) % 8 + 1],
       lpad(((id * 31 + k) % 100000)::text, 5, '0'),
       (ARRAY['de', 'FR', 'pt', 'GB', 'pl', 'it', 'BE', 'no'])[(id + k) % 8 + 1]
FROM (SELECT id, id % 500 = 250 AND id / 500 % 3 = 2 AS spoiled FROM generate_series(1::bigint, :n) AS id) g
CROSS JOIN LATERAL generate_series(0, CASE WHEN spoiled THEN 0 ELSE id % 3 - 1 END) AS k;

ANALYZE customers;
ANALYZE addresses;
