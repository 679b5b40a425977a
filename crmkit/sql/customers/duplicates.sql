-- 重复记录筛选 Candidate duplicates: records that may describe the same person, in groups.
-- Parameters: $within ('customers': the customer table; 'staging': the channels' raw records),
--             $lang ('zh' or 'en'), $matched_names (rule code -> label), $field_names (field -> label),
--             $separator (between field labels in "conflicts").
-- Two records match when they have the same phone (compared through phone_key, so masked phones work), or the same
-- name (spaces around it trimmed) + birthday + city. A record whose birthday is unknown matches on name + city alone,
-- but only if everyone else with that name in that city has one and the same birthday (it can only be that person).
-- Matches are transitive: A~B by phone and B~C by name, birthday and city put A, B and C into one group.
WITH RECURSIVE
records AS (                        -- the records to screen, with their match keys
    SELECT c.customer_id                                           AS record_id,
           k.phone_key,
           trim(c.name)                                            AS name_key,
           c.city_id::VARCHAR                                      AS city_key,
           c.name, c.gender, c.birthday, c.phone, c.email,
           CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END   AS province,
           CASE WHEN $lang = 'en' THEN ci.name_en ELSE ci.name_zh END AS city,
           c.address, c.channel_id,
           c.registered_at                                         AS recorded_at
    FROM customers c
    LEFT JOIN customer_keys k USING (customer_id)
    LEFT JOIN provinces p USING (province_code)   -- LEFT: imported customers may lack them
    LEFT JOIN cities ci   USING (city_id)
    WHERE $within = 'customers'
    UNION ALL
    SELECT s.raw_id, k.phone_key, trim(s.name), s.city,
           s.name, s.gender, s.birthday, s.phone, NULL, s.province, s.city,   -- raw records have no e-mail
           s.address, s.channel_id, s.recorded_at
    FROM staging_customers s
    LEFT JOIN staging_keys k USING (raw_id)
    WHERE $within = 'staging'
),
phone_blocks AS (                   -- phones shared by two or more records, with the lowest record id sharing it
    SELECT phone_key, min(record_id) AS anchor
    FROM records
    WHERE phone_key IS NOT NULL
    GROUP BY phone_key
    HAVING count(*) > 1
),
name_birthday_city AS (             -- records per name + city + birthday (an unknown birthday is a group of its own)
    SELECT name_key, city_key, birthday, count(*) AS records, min(record_id) AS anchor
    FROM records
    GROUP BY name_key, city_key, birthday
),
birthday_blocks AS (                -- name + city + birthday shared by two or more records
    SELECT name_key, city_key, birthday, anchor
    FROM name_birthday_city
    WHERE birthday IS NOT NULL AND records > 1
),
name_city_blocks AS (               -- name + city with an unknown birthday among them, and at most one known birthday
    SELECT name_key, city_key, min(anchor) AS anchor
    FROM name_birthday_city
    GROUP BY name_key, city_key
    HAVING sum(records) > 1 AND bool_or(birthday IS NULL) AND count(birthday) <= 1
),
links AS (                          -- every record in a block, linked to the block's lowest id (its anchor)
    SELECT r.record_id, 'phone' AS rule, b.anchor
    FROM records r JOIN phone_blocks b USING (phone_key)
    UNION ALL
    SELECT r.record_id, 'name_birthday_city', b.anchor
    FROM records r JOIN birthday_blocks b USING (name_key, city_key, birthday)
    UNION ALL
    SELECT r.record_id, 'name_city', b.anchor
    FROM records r JOIN name_city_blocks b USING (name_key, city_key)
),
edges AS (                          -- both directions, so labels can travel either way
    SELECT record_id AS a, anchor AS b FROM links WHERE record_id <> anchor
    UNION ALL
    SELECT anchor, record_id FROM links WHERE record_id <> anchor
),
components(record_id, group_key) USING KEY (record_id) AS (
    -- connected components by label propagation: every linked record starts with its own id as label; a record
    -- whose label got smaller passes it to its neighbours, until no label changes. Then every record of a group
    -- carries the group's lowest id.
    SELECT DISTINCT a, a FROM edges
    UNION
    SELECT e.b, min(c.group_key)
    FROM components c                                  -- the records whose label changed in the last round
    JOIN edges e ON e.a = c.record_id
    JOIN recurring.components known ON known.record_id = e.b
    GROUP BY e.b
    HAVING min(c.group_key) < any_value(known.group_key)
),
rules AS (                          -- per record: which rules link it to another record of its group
    SELECT record_id,
           bool_or(rule = 'phone')                                  AS by_phone,
           bool_or(rule = 'name_birthday_city')                     AS by_birthday,
           bool_or(rule = 'name_city')                              AS by_name_city
    FROM links
    GROUP BY record_id
),
grouped AS (
    SELECT r.*,
           dense_rank() OVER (ORDER BY c.group_key)                 AS group_id,
           CASE WHEN u.by_phone AND (u.by_birthday OR u.by_name_city) THEN 'both'
                WHEN u.by_phone THEN 'phone'
                WHEN u.by_birthday THEN 'name_birthday_city'
                ELSE 'name_city' END                                AS matched_on
    FROM components c
    JOIN records r USING (record_id)
    JOIN rules u USING (record_id)
),
conflicts AS (                      -- per group: the fields whose known values differ (as stored, so masked for students)
    SELECT group_id,
           concat_ws($separator,
               CASE WHEN count(DISTINCT name) > 1      THEN $field_names['name'] END,
               CASE WHEN count(DISTINCT gender) > 1    THEN $field_names['gender'] END,
               CASE WHEN count(DISTINCT birthday) > 1  THEN $field_names['birthday'] END,
               CASE WHEN count(DISTINCT phone_key) > 1 THEN $field_names['phone'] END,
               CASE WHEN count(DISTINCT email) > 1     THEN $field_names['email'] END,
               CASE WHEN count(DISTINCT province) > 1  THEN $field_names['province'] END,
               CASE WHEN count(DISTINCT city) > 1      THEN $field_names['city'] END,
               CASE WHEN count(DISTINCT address) > 1   THEN $field_names['address'] END) AS conflicts
    FROM grouped
    GROUP BY group_id
)
SELECT g.group_id,
       g.record_id,
       g.matched_on,
       $matched_names[g.matched_on]                                 AS matched_on_name,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END   AS channel,
       g.name, g.gender, g.birthday, g.phone, g.email, g.province, g.city, g.address,
       g.recorded_at,
       f.conflicts
FROM grouped g
JOIN conflicts f USING (group_id)
LEFT JOIN channels ch ON ch.channel_id = g.channel_id
ORDER BY g.group_id, g.record_id
