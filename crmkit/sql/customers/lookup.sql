-- 顾客速查 Customer quick lookup: by id, customer code, name fragment or the last 4 digits of the phone.
-- Parameters: $q (what the user typed, trimmed), $lang ('zh' or 'en'), $limit (most rows).
WITH matched AS (                            -- the ids that match, exact id or code first
    SELECT customer_id,
           (customer_id::VARCHAR = $q OR customer_code = upper($q)) AS exact
    FROM customers
    WHERE customer_id::VARCHAR = $q
       OR customer_code = upper($q)
       OR (length($q) = 4 AND right(phone, 4) = $q)
       OR (length($q) > 0 AND NOT regexp_full_match($q, '[0-9]+') AND contains(name, $q))
    ORDER BY exact DESC, customer_id
    LIMIT $limit
),
spend AS (                                   -- purchase figures of the matched customers (from customer_stats)
    SELECT customer_id,
           paid_orders  AS orders,
           paid_spend   AS total_spend,
           last_paid_at AS last_order_at
    FROM customer_stats
    WHERE customer_id IN (SELECT customer_id FROM matched)
)
SELECT m.customer_id,
       c.customer_code,
       c.name,
       c.gender,
       date_diff('year', c.birthday, (SELECT max(ordered_at) FROM orders)::DATE) AS age,
       c.phone,
       c.email,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END   AS province,
       CASE WHEN $lang = 'en' THEN ci.name_en ELSE ci.name_zh END AS city,
       c.address,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       c.registered_at,
       coalesce(s.orders, 0)      AS orders,
       coalesce(s.total_spend, 0) AS total_spend,
       s.last_order_at
FROM matched m
JOIN customers c  USING (customer_id)
JOIN provinces p  USING (province_code)
JOIN cities ci    USING (city_id)
JOIN channels ch  ON ch.channel_id = c.channel_id
LEFT JOIN spend s USING (customer_id)
ORDER BY m.exact DESC, m.customer_id
