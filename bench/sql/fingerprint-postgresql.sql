-- An order-independent fingerprint of the legacy tables: per table, the row count and the sum of the first
-- 60 bits of each row's MD5 over 'col|col|…' (NULL as \N, timestamps as yyyy-MM-dd HH:mm:ss). The same
-- fingerprint is computed in MariaDB (fingerprint-mariadb.sql) and from SampleData itself
-- (bench/GeneratorFingerprint.java), so the three can be compared as text.
SELECT 'customers', count(*),
       coalesce(sum(('x' || substr(md5(concat_ws('|', id, coalesce(full_name, '\N'), coalesce(email, '\N'),
           coalesce(phone, '\N'), coalesce(status, '\N'), coalesce(created_at, '\N'),
           to_char(modified_at, 'YYYY-MM-DD HH24:MI:SS'))), 1, 15))::bit(60)::bigint), 0)
FROM customers
UNION ALL
SELECT 'addresses', count(*),
       coalesce(sum(('x' || substr(md5(concat_ws('|', id, customer_id, coalesce(kind, '\N'), coalesce(street, '\N'),
           coalesce(city, '\N'), coalesce(zip, '\N'), coalesce(country, '\N'))), 1, 15))::bit(60)::bigint), 0)
FROM addresses
ORDER BY 1 DESC;
