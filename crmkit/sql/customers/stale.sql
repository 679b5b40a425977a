-- 联系信息更新 Stale contact data: customers whose phone or address probably needs updating, one row per reason.
-- Parameters: $address_years (an address confirmed longer ago than this many years counts as old),
--             $lang ('zh' or 'en'), $reason_names (reason -> text in the chosen language).
-- "Today" is the day of the newest order. contact_updated_at is when the customer's phone and address were last
-- confirmed; only what happened after it is evidence that they changed.
-- Reasons:
--   phone_bounced          an SMS to the customer bounced (the phone did not receive it) after contact_updated_at;
--   newer_phone_elsewhere  a channel recorded the same person after contact_updated_at with another phone
--                          (a raw record in staging_customers with the same name + birthday + city, as in
--                          customers/duplicates; an unknown birthday matches when only one customer has that name
--                          in that city);
--   address_old            the address was last confirmed more than $address_years years before today.
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
bounced AS (                        -- bounced SMS after the contact data was confirmed: count and the latest one
    SELECT c.customer_id,
           count(*)                 AS evidence_count,
           max(i.started_at)        AS evidence_at,
           max(k.name_zh)           AS channel_zh,
           max(k.name_en)           AS channel_en
    FROM interactions i
    JOIN customers c         USING (customer_id)
    JOIN interaction_kinds k USING (kind)
    WHERE i.kind = 'sms' AND i.status = 'bounced' AND i.started_at > c.contact_updated_at
    GROUP BY c.customer_id
),
people AS (                         -- the customers' match keys (city as the channels write it: its Chinese name)
    SELECT c.customer_id, k.phone_key, trim(c.name) AS name_key, ci.name_zh AS city_key, c.birthday,
           c.contact_updated_at,
           count(*) OVER (PARTITION BY trim(c.name), c.city_id) = 1 AS only_one   -- the only one with name + city
    FROM customers c
    LEFT JOIN customer_keys k USING (customer_id)
    LEFT JOIN cities ci USING (city_id)
),
newer_records AS (                  -- the same person's raw records, recorded later, with another phone
    SELECT p.customer_id, s.raw_id, s.channel_id, s.phone, s.recorded_at
    FROM people p
    JOIN staging_customers s
      ON trim(s.name) = p.name_key AND s.city = p.city_key
     AND (s.birthday = p.birthday OR ((s.birthday IS NULL OR p.birthday IS NULL) AND p.only_one))
    JOIN staging_keys sk USING (raw_id)
    WHERE s.recorded_at > p.contact_updated_at
      AND sk.phone_key IS NOT NULL AND sk.phone_key IS DISTINCT FROM p.phone_key
),
newer_phone AS (                    -- per customer: how many such records, and the newest one
    SELECT customer_id,
           count(*)                              AS evidence_count,
           max(recorded_at)                      AS evidence_at,
           arg_max(channel_id, (recorded_at, raw_id)) AS channel_id,
           arg_max(phone, (recorded_at, raw_id))      AS evidence_phone
    FROM newer_records
    GROUP BY customer_id
),
reasons AS (
    SELECT customer_id, 1 AS position, 'phone_bounced' AS reason, evidence_at,
           CASE WHEN $lang = 'en' THEN channel_en ELSE channel_zh END AS evidence_channel,
           NULL AS evidence_phone, evidence_count
    FROM bounced
    UNION ALL
    SELECT n.customer_id, 2, 'newer_phone_elsewhere', n.evidence_at,
           CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END,
           n.evidence_phone, n.evidence_count
    FROM newer_phone n JOIN channels ch USING (channel_id)
    UNION ALL
    SELECT c.customer_id, 3, 'address_old', c.contact_updated_at, NULL, NULL, NULL
    FROM customers c CROSS JOIN today t
    WHERE c.address IS NOT NULL
      AND c.contact_updated_at::DATE < (t.today - to_years($address_years))::DATE
)
SELECT r.customer_id,
       c.name,
       c.phone,
       c.email,
       c.address,
       c.contact_updated_at,
       r.reason,
       $reason_names[r.reason]      AS reason_name,
       r.evidence_at,
       r.evidence_channel,
       r.evidence_phone,
       r.evidence_count
FROM reasons r
JOIN customers c USING (customer_id)
ORDER BY r.customer_id, r.position
