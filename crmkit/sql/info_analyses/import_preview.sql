-- 导入预览 Import preview: the accepted rows of a checked customer file as they would be imported, contact
-- data masked (crmkit/data/masking.sql), province, city and channel by name. Nothing is written.
-- Reads checked_rows: the accepted rows of crmkit.data.imports.check, registered for the moment of the query.
-- Parameters: $lang ('zh' or 'en'), $gender_names (MAP gender code -> name).
SELECT a._row                                                              AS "row",
       a.name,
       $gender_names[a.gender]                                             AS gender,
       mask_phone(a.phone)                                                 AS phone,
       mask_email(a.email)                                                 AS email,
       a.birthday,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END            AS province,
       coalesce(CASE WHEN $lang = 'en' THEN c.name_en ELSE c.name_zh END,
                a.city)                                                    AS city,     -- a city not in the list stays as typed
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END          AS channel,
       a.registered_at
FROM checked_rows a
LEFT JOIN provinces p ON p.province_code = a.province_code
LEFT JOIN cities c    ON c.city_id = a.city_id
LEFT JOIN channels ch ON ch.channel_id = a.channel_id
ORDER BY a._row
