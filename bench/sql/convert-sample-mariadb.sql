-- The sample's conversion (io.drover.sample.CustomerConverter and Phones) in MariaDB: tables shaped like the
-- prepared target tables customer and customer_address, so that pgloader can load them in its data-only
-- mode into the schema Drover writes (bench/compare.sh, run pgloader-data-only). compare.sh runs this in a
-- database of its own before the timed load (it reports the conversion's time apart), replacing @SOURCE@
-- with the legacy database.
-- A value the converter refuses comes out NULL here (an unknown status or kind; an impossible date:
-- DATE_ADD of 0 seconds turns STR_TO_DATE's 2019-02-31 into NULL). Such an item fails whole in Drover,
-- its customer and all its addresses; table failed_item lists them, and the tables customer and
-- customer_address leave them out. So pgloader gets exactly Drover's end state and never meets an error:
-- its best case (with an error in a batch, its data-only load of a table with a foreign key rejects the
-- whole batch, as PostgreSQL's foreign-key error names no line of the COPY).
-- The expressions are inline, not stored functions, which MariaDB calls row by row at many times the cost.
-- Statements end with // (the mariadb client's DELIMITER), since the function's body holds semicolons.
DELIMITER //

-- Each word starts upper case, the rest lower case; a word starts after a space or a hyphen. Only for a
-- name part of two words or more (one in twenty here): the view capitalizes a single word inline.
CREATE FUNCTION capitalized(t VARCHAR(200)) RETURNS VARCHAR(200) DETERMINISTIC NO SQL
BEGIN
    DECLARE out_text VARCHAR(200) DEFAULT '';
    DECLARE i INT DEFAULT 1;
    DECLARE c CHAR(1);
    DECLARE word_start BOOLEAN DEFAULT TRUE;
    WHILE i <= CHAR_LENGTH(t) DO
        SET c = SUBSTRING(t, i, 1);
        SET out_text = CONCAT(out_text, IF(word_start, UPPER(c), LOWER(c)));
        SET word_start = c IN (' ', '-');
        SET i = i + 1;
    END WHILE;
    RETURN out_text;
END //

-- Trimmed (whitespace, as Java's trim), each run of whitespace one space.
CREATE VIEW customer_text AS
SELECT id,
       REGEXP_REPLACE(REGEXP_REPLACE(full_name, '^\\s+|\\s+$', ''), '\\s+', ' ') AS name,
       REGEXP_REPLACE(REGEXP_REPLACE(email, '^\\s+|\\s+$', ''), '\\s+', ' ') AS email,
       REGEXP_REPLACE(REPLACE(TRIM(phone), '(0)', ''), '[\\s().-]', '') AS digits,
       REGEXP_REPLACE(REGEXP_REPLACE(created_at, '^\\s+|\\s+$', ''), '\\s+', ' ') AS created_text,
       UPPER(TRIM(status)) AS status
FROM @SOURCE@.customers //

-- "LAST, First" or "First … Last" (the last word is the last name).
CREATE VIEW customer_name AS
SELECT id, email, digits, created_text, status,
       IF(LOCATE(',', name) > 0, TRIM(SUBSTRING_INDEX(name, ',', -1)),
          SUBSTRING(name, 1, CHAR_LENGTH(name) - LOCATE(' ', REVERSE(name)))) AS first_part,
       IF(LOCATE(',', name) > 0, TRIM(SUBSTRING_INDEX(name, ',', 1)), SUBSTRING_INDEX(name, ' ', -1)) AS last_part
FROM customer_text //

CREATE VIEW customer_converted AS
SELECT id,
       CASE WHEN first_part REGEXP '[ -]' THEN capitalized(first_part)
            ELSE CONCAT(UPPER(LEFT(first_part, 1)), LOWER(SUBSTRING(first_part, 2))) END AS first_name,
       CASE WHEN last_part REGEXP '[ -]' THEN capitalized(last_part)
            ELSE CONCAT(UPPER(LEFT(last_part, 1)), LOWER(SUBSTRING(last_part, 2))) END AS last_name,
       LOWER(email) AS email,
       CASE WHEN digits IS NULL OR digits = '' THEN NULL
            WHEN digits LIKE '+%' THEN digits
            WHEN digits LIKE '00%' THEN CONCAT('+', SUBSTRING(digits, 3))
            WHEN CHAR_LENGTH(digits) = 10 THEN CONCAT('+1', digits) END AS phone,
       CASE status WHEN 'A' THEN 'active' WHEN 'I' THEN 'inactive' WHEN 'S' THEN 'suspended' END AS status,
       CASE WHEN created_text LIKE '%/%' THEN DATE_ADD(STR_TO_DATE(created_text, '%d/%m/%Y'), INTERVAL 0 SECOND)
            ELSE DATE_ADD(STR_TO_DATE(created_text, '%Y-%m-%d %H:%i:%s'), INTERVAL 0 SECOND) END AS created_at
FROM customer_name //

CREATE VIEW address_converted AS
SELECT id, customer_id,
       CASE UPPER(TRIM(kind)) WHEN 'H' THEN 'home' WHEN 'W' THEN 'work' WHEN 'B' THEN 'billing' END AS kind,
       REGEXP_REPLACE(REGEXP_REPLACE(street, '^\\s+|\\s+$', ''), '\\s+', ' ') AS street,
       REGEXP_REPLACE(REGEXP_REPLACE(city, '^\\s+|\\s+$', ''), '\\s+', ' ') AS city,
       REGEXP_REPLACE(REGEXP_REPLACE(zip, '^\\s+|\\s+$', ''), '\\s+', ' ') AS postal_code,
       UPPER(REGEXP_REPLACE(REGEXP_REPLACE(country, '^\\s+|\\s+$', ''), '\\s+', ' ')) AS country
FROM @SOURCE@.addresses //

-- The items Drover fails: a refused value in the customer or in any of its addresses.
CREATE TABLE failed_item (id BIGINT PRIMARY KEY) AS
SELECT id FROM customer_converted
 WHERE status IS NULL OR created_at IS NULL OR first_name = '' OR last_name = '' OR email IS NULL OR email = ''
UNION
SELECT customer_id FROM address_converted
 WHERE kind IS NULL OR street IS NULL OR street = '' OR city IS NULL OR city = '' OR country IS NULL OR country = '' //

-- Tables, not views: compare.sh times pgloader's load alone, so the peer is the target's loading speed.
CREATE TABLE customer (PRIMARY KEY (id)) AS
SELECT c.* FROM customer_converted c WHERE NOT EXISTS (SELECT 1 FROM failed_item f WHERE f.id = c.id) //

CREATE TABLE customer_address (PRIMARY KEY (id)) AS
SELECT a.* FROM address_converted a WHERE NOT EXISTS (SELECT 1 FROM failed_item f WHERE f.id = a.customer_id) //
