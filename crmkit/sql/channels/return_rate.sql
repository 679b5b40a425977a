-- 退货率 Return rate per channel: the share of paid orders with at least one return or exchange request.
-- Parameters: $lang ('zh' or 'en').
WITH paid AS (                      -- paid orders per channel
    SELECT channel_id, count(*) AS order_count
    FROM orders
    WHERE status <> 'closed'
    GROUP BY channel_id
),
returned AS (                       -- paid orders with a return or exchange request (counted once however many)
    SELECT channel_id, count(*) AS returned_orders
    FROM orders
    WHERE status <> 'closed'
      AND order_id IN (SELECT order_id FROM returns)
    GROUP BY channel_id
)
SELECT ch.channel_id,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       coalesce(p.order_count, 0)                                AS order_count,
       coalesce(r.returned_orders, 0)                            AS returned_orders,
       r.returned_orders / nullif(p.order_count, 0)              AS return_rate
FROM channels ch
LEFT JOIN paid p USING (channel_id)
LEFT JOIN returned r USING (channel_id)
ORDER BY ch.channel_id
