-- The fingerprint of fingerprint-postgresql.sql, in MariaDB ('\\N' is the two characters \N).
SELECT 'customers', COUNT(*),
       COALESCE(SUM(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', id, COALESCE(full_name, '\\N'), COALESCE(email, '\\N'),
           COALESCE(phone, '\\N'), COALESCE(status, '\\N'), COALESCE(created_at, '\\N'),
           DATE_FORMAT(modified_at, '%Y-%m-%d %H:%i:%s'))), 1, 15), 16, 10) AS UNSIGNED)), 0)
FROM customers
UNION ALL
SELECT 'addresses', COUNT(*),
       COALESCE(SUM(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', id, customer_id, COALESCE(kind, '\\N'), COALESCE(street, '\\N'),
           COALESCE(city, '\\N'), COALESCE(zip, '\\N'), COALESCE(country, '\\N'))), 1, 15), 16, 10) AS UNSIGNED)), 0)
FROM addresses
ORDER BY 1 DESC;
