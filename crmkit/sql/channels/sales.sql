-- 渠道销售 Channel sales: paid orders and revenue per period and channel, and the channel's share of the period.
-- Parameters: $period (day/week/month/quarter/year), $start, $end (inclusive dates or NULL), $lang.
WITH per_channel AS (
    SELECT date_trunc($period, ordered_at) AS period,
           channel_id,
           count(*)                        AS order_count,
           sum(total)                      AS revenue
    FROM orders
    WHERE status <> 'closed'
      AND ($start IS NULL OR ordered_at >= $start::DATE)
      AND ($end IS NULL OR ordered_at < $end::DATE + INTERVAL 1 DAY)
    GROUP BY ALL
)
SELECT p.period,
       p.channel_id,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       p.order_count,
       p.revenue,
       p.revenue / nullif(sum(p.revenue) OVER (PARTITION BY p.period), 0) AS share
FROM per_channel p
JOIN channels ch USING (channel_id)
ORDER BY p.period, p.channel_id
