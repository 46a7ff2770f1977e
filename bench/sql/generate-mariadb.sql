-- Fills the sample's legacy tables (src/main/resources/sample/source.sql, already created) with the
-- customers 1..N and their addresses, in MariaDB itself: the same values as
-- io.drover.sample.SampleData.customer(id) / addresses(id), bad items included. bench/compare.sh replaces
-- @N@ with N; the rows come from the SEQUENCE engine's virtual table seq_1_to_N, the word lists from ELT()
-- (1-based, where Java's arrays are 0-based). See generate-postgresql.sql for the Java details mirrored
-- here. created_at's offset wraps as in SampleData, so it stays within DATETIME's years (up to 9999) for any N.

INSERT INTO customers (id, full_name, email, phone, status, created_at, modified_at)
SELECT id,
       CASE id % 4
           WHEN 0 THEN CONCAT(f, ' ', l)
           WHEN 1 THEN CONCAT('  ', f, '   ', l, ' ')
           WHEN 2 THEN CONCAT(UPPER(l), ', ', f)
           ELSE CONCAT(LOWER(f), ' ', l)
       END,
       CASE id % 3
           WHEN 0 THEN CONCAT(f, '.', l, id, '@Example.COM')
           WHEN 1 THEN CONCAT('  ', LOWER(f), '.', LOWER(l), id, '@example.com ')
           ELSE UPPER(CONCAT(f, id, '@MAIL.example.org'))
       END,
       CASE id % 5
           WHEN 0 THEN NULL
           WHEN 1 THEN CONCAT('(555) ', SUBSTR(d, 1, 3), '-', SUBSTR(d, 4))
           WHEN 2 THEN CONCAT('555.', SUBSTR(d, 1, 3), '.', SUBSTR(d, 4))
           WHEN 3 THEN CONCAT('+1 555 ', SUBSTR(d, 1, 3), ' ', SUBSTR(d, 4))
           ELSE CONCAT('0044 20 ', SUBSTR(d, 1, 4), ' ', SUBSTR(d, 5))
       END,
       CASE WHEN bad = 1 THEN 'X' ELSE ELT(id % 5 + 1, 'A', 'A', 'I', 'S', 'a') END,
       CASE
           WHEN bad = 0 THEN '31/02/2019'
           WHEN id % 2 = 0 THEN DATE_FORMAT(c, '%Y-%m-%d %H:%i:%s')
           ELSE DATE_FORMAT(c, '%d/%m/%Y')
       END,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL id MINUTE
FROM (
    SELECT id,
           ELT(id * 7 % 20 + 1, 'Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret',
               'Dennis', 'Radia', 'John', 'Sophie', 'Tim', 'Hedy', 'Linus', 'Annie', 'Claude', 'Jean', 'Niklaus') AS f,
           ELT(id * 13 % 20 + 1, 'Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson',
               'Hamilton', 'Ritchie', 'Perlman', 'Backus', 'Wilson', 'Berners-Lee', 'Lamarr', 'Torvalds', 'Easley',
               'Shannon', 'Sammet', 'Wirth') AS l,
           CASE WHEN p >= 0 THEN LPAD(p, GREATEST(7, LENGTH(p)), '0')
                ELSE CONCAT('-', LPAD(-p, GREATEST(6, LENGTH(-p)), '0')) END AS d,
           CASE WHEN id % 500 = 250 THEN id DIV 500 % 3 END AS bad,   -- the bad item's kind, NULL for good items
           TIMESTAMP '2015-01-01 08:00:00' + INTERVAL (id * 37 % 60000000) HOUR AS c   -- SampleData.CREATED_WRAP_HOURS
    FROM (
        SELECT id, 1000000 + MOD(id * 7919, 8999999) AS p
        FROM (SELECT CAST(seq AS SIGNED) AS id FROM seq_1_to_@N@) s
    ) ids
) g;

-- id % 3 addresses per customer (0, 1 or 2); a bad item of kind 2 has one address without street.
INSERT INTO addresses (id, customer_id, kind, street, city, zip, country)
SELECT id * 10 + k, id,
       ELT((id + k) % 3 + 1, 'H', 'W', 'B'),
       CASE WHEN spoiled THEN NULL
            ELSE CONCAT((k + 1) * 3, ' ',
                        ELT((id + k) % 20 + 1, 'Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen',
                            'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Backus', 'Wilson', 'Berners-Lee', 'Lamarr',
                            'Torvalds', 'Easley', 'Shannon', 'Sammet', 'Wirth'),
                        ' Street') END,
       ELT((id + k) % 8 + 1, 'Berlin', 'Lyon', 'Porto', 'Leeds', 'Gdansk', 'Turin', 'Ghent', 'Bergen'),
       LPAD((id * 31 + k) % 100000, 5, '0'),
       ELT((id + k) % 8 + 1, 'de', 'FR', 'pt', 'GB', 'pl', 'it', 'BE', 'no')
FROM (SELECT id, id % 500 = 250 AND id DIV 500 % 3 = 2 AS spoiled
      FROM (SELECT CAST(seq AS SIGNED) AS id FROM seq_1_to_@N@) s) g
JOIN (SELECT CAST(seq AS SIGNED) AS k FROM seq_0_to_1) ks
  ON k < CASE WHEN spoiled THEN 1 ELSE id % 3 END;

ANALYZE TABLE customers, addresses;
