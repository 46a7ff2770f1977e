-- What a Drover run of the sample migration must end with, computed from the generated legacy tables:
--   seeded_bad          the deliberately bad items (SampleData.badItems: ids 250, 750, 1250, …);
--   expected_failed     those plus the items whose phone io.drover.sample.Phones.toE164 cannot read (none
--                       today; the check stays as a guard against generator changes),
--                       and any item whose created_at 'dd/MM/yyyy' has a year above 9999 (none since the
--                       generator's dates wrap; the converter's strict 'uuuu' would want a sign before a fifth digit);
--   expected_customers  rows of table customer after the run (items that do not fail);
--   expected_addresses  rows of table customer_address after the run (addresses of those items);
--   all_addresses       rows of the legacy addresses table.
-- The phone test below is Phones.toE164 in SQL: drop "(0)", spaces, ( ) . -; then +…, 00… or 10 digits.
WITH c AS (
    SELECT id, id % 500 = 250 AS seeded, phone, created_at,
           regexp_replace(replace(btrim(phone), '(0)', ''), '[[:space:]().-]', '', 'g') AS digits
    FROM customers
), f AS (
    SELECT id, seeded,
           seeded OR created_at ~ '^[0-9]{2}/[0-9]{2}/[0-9]{5,}$' OR (phone IS NOT NULL AND btrim(phone) <> ''
                      AND coalesce(CASE WHEN digits LIKE '+%' THEN digits
                                        WHEN digits LIKE '00%' THEN '+' || substr(digits, 3)
                                        WHEN length(digits) = 10 THEN '+1' || digits END, '') !~ '^\+[1-9][0-9]{6,14}$') AS fails
    FROM c
)
SELECT count(*) FILTER (WHERE seeded) AS seeded_bad,
       count(*) FILTER (WHERE fails) AS expected_failed,
       count(*) FILTER (WHERE NOT fails) AS expected_customers,
       (SELECT count(*) FROM addresses a JOIN f ON f.id = a.customer_id WHERE NOT f.fails) AS expected_addresses,
       (SELECT count(*) FROM addresses) AS all_addresses
FROM f;
