-- 退货率 Return rate per channel: the share of paid orders with at least one return or exchange request.
-- Parameters: $lang ('zh' or 'en').
WITH returned AS (                  -- orders with a return or exchange request (counted once however many)
    SELECT DISTINCT order_id FROM returns
),
per_channel AS (
    SELECT o.channel_id,
           count(*)          AS order_count,
           count(r.order_id) AS returned_orders
    FROM orders o
    LEFT JOIN returned r USING (order_id)
    WHERE o.status <> 'closed'
    GROUP BY o.channel_id
)
SELECT ch.channel_id,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       coalesce(p.order_count, 0)                                AS order_count,
       coalesce(p.returned_orders, 0)                            AS returned_orders,
       p.returned_orders / nullif(p.order_count, 0)              AS return_rate
FROM channels ch
LEFT JOIN per_channel p USING (channel_id)
ORDER BY ch.channel_id
