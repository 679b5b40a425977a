-- 顾客速查 Customer quick lookup: by id, customer code, name fragment or the last 4 digits of the phone.
-- Parameters: $id (the query as a whole number, or NULL), $code (the query in capitals), $last4 (the query when it is
--             4 digits, else NULL), $fragment (the query when it is not all digits, else NULL), $lang ('zh' or 'en'),
--             $limit (most rows).
WITH exact AS (                              -- the customer with exactly this id or customer code
    SELECT customer_id, true AS exact
    FROM customers
    WHERE customer_id = $id OR customer_code = $code
),
partial AS (                                 -- name fragment or last 4 phone digits: the lowest ids first
    SELECT customer_id, false AS exact
    FROM customers
    WHERE right(phone, 4) = $last4 OR contains(name, $fragment)
    ORDER BY customer_id
    LIMIT $limit
),
matched AS (                                 -- exact matches first, each customer once
    SELECT customer_id, bool_or(exact) AS exact
    FROM (SELECT * FROM exact UNION ALL SELECT * FROM partial)
    GROUP BY customer_id
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
       date_sub('year', c.birthday, (SELECT max(ordered_at) FROM orders)::DATE) AS age,  -- full years
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
LEFT JOIN provinces p  USING (province_code)  -- LEFT: imported customers may lack province, city or channel
LEFT JOIN cities ci    USING (city_id)
LEFT JOIN channels ch  ON ch.channel_id = c.channel_id
LEFT JOIN spend s USING (customer_id)
ORDER BY m.exact DESC, m.customer_id
