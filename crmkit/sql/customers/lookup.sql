-- 顾客速查 Customer quick lookup: by id, customer code, name fragment or the last 4 digits of the phone.
-- Parameters: $q (what the user typed, trimmed), $lang ('zh' or 'en'), $limit (most rows).
WITH matched AS (
    SELECT *,
           (customer_id::VARCHAR = $q OR customer_code = upper($q)) AS exact
    FROM customers
    WHERE customer_id::VARCHAR = $q
       OR customer_code = upper($q)
       OR (length($q) = 4 AND right(phone, 4) = $q)
       OR (length($q) > 0 AND NOT regexp_full_match($q, '[0-9]+') AND contains(name, $q))
    ORDER BY exact DESC, customer_id
    LIMIT $limit
),
spend AS (                                   -- purchase figures of the matched customers only
    SELECT customer_id,
           count(*)        AS orders,
           sum(total)      AS total_spend,
           max(ordered_at) AS last_order_at
    FROM orders
    WHERE status <> 'closed' AND customer_id IN (SELECT customer_id FROM matched)
    GROUP BY customer_id
)
SELECT m.customer_id,
       m.customer_code,
       m.name,
       m.gender,
       date_diff('year', m.birthday, (SELECT max(ordered_at) FROM orders)::DATE) AS age,
       m.phone,
       m.email,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END   AS province,
       CASE WHEN $lang = 'en' THEN ci.name_en ELSE ci.name_zh END AS city,
       m.address,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       m.registered_at,
       coalesce(s.orders, 0)      AS orders,
       coalesce(s.total_spend, 0) AS total_spend,
       s.last_order_at
FROM matched m
JOIN provinces p  USING (province_code)
JOIN cities ci    USING (city_id)
JOIN channels ch  ON ch.channel_id = m.channel_id
LEFT JOIN spend s USING (customer_id)
ORDER BY m.exact DESC, m.customer_id
