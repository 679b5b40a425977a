-- 客单价（按渠道） Average order value per sales channel (the channel the order was placed in).
-- Parameters: $lang ('zh' or 'en').
WITH by_channel AS (
    SELECT channel_id,
           count(*)   AS order_count,
           sum(total) AS revenue
    FROM orders
    WHERE status <> 'closed'
    GROUP BY channel_id
)
SELECT CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       b.order_count,
       b.revenue,
       round(b.revenue / b.order_count, 2)                        AS aov
FROM by_channel b
JOIN channels ch USING (channel_id)
ORDER BY aov DESC, ch.channel_id
