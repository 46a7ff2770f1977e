-- addresses from MariaDB as PostgreSQL COPY text; see export-customers-mariadb.sql.
SELECT id, customer_id,
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(kind, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(street, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(city, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(zip, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(country, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N')
FROM addresses;
