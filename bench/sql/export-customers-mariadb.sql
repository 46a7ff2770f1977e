-- customers from MariaDB as PostgreSQL COPY text, for `mariadb --batch --raw --skip-column-names --quick`:
-- --raw stops the client's own escaping, so the escaping of COPY's text format is done here (backslash,
-- tab, newline, carriage return become \\, \t, \n, \r; NULL becomes \N; in MariaDB's string literals '\\'
-- is one backslash).
SELECT id,
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(full_name, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(email, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(phone, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(status, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       COALESCE(REPLACE(REPLACE(REPLACE(REPLACE(created_at, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '\\N'),
       modified_at
FROM customers;
