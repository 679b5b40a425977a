-- 顾客列表 Customer list: every customer with region, channel and purchase figures, optionally filtered.
-- Parameters: $channel_id, $province_code, $tag (course tag code or name, or a manual tag; NULL = no filter),
--             $lang ('zh' or 'en'), $limit (NULL = all rows). Needs the scratch database attached (manual tags).
WITH spend AS (                     -- purchase figures of every customer (from customer_stats)
    SELECT customer_id,
           paid_orders  AS orders,
           paid_spend   AS total_spend,
           last_paid_at AS last_order_at
    FROM customer_stats
),
tagged AS (
    SELECT ct.customer_id
    FROM customer_tags ct JOIN tags t USING (tag_id)
    WHERE $tag IN (t.code, t.name_zh, t.name_en)
    UNION
    SELECT object_id::INTEGER FROM scratch.manual_tags WHERE target = 'customer' AND tag = $tag
)
SELECT c.customer_id,
       c.customer_code,
       c.name,
       c.gender,
       c.phone,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END   AS province,
       CASE WHEN $lang = 'en' THEN ci.name_en ELSE ci.name_zh END AS city,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       c.registered_at,
       coalesce(s.orders, 0)      AS orders,
       coalesce(s.total_spend, 0) AS total_spend,
       s.last_order_at
FROM customers c
LEFT JOIN provinces p  USING (province_code)  -- LEFT: imported customers may lack province, city or channel
LEFT JOIN cities ci    USING (city_id)
LEFT JOIN channels ch  ON ch.channel_id = c.channel_id
LEFT JOIN spend s USING (customer_id)
WHERE ($channel_id IS NULL OR c.channel_id = $channel_id)
  AND ($province_code IS NULL OR c.province_code = $province_code)
  AND ($tag IS NULL OR c.customer_id IN (SELECT customer_id FROM tagged))
ORDER BY c.customer_id
LIMIT $limit
