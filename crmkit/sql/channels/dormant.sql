-- 休眠渠道 Dormant channels: channels without a paid order in the last $days days before the data's "today".
-- Parameters: $days (a whole number > 0), $lang ('zh' or 'en').
WITH channel_orders AS (
    SELECT channel_id, max(ordered_at) AS last_order_at
    FROM orders
    WHERE status <> 'closed'
    GROUP BY channel_id
),
with_days AS (
    SELECT ch.channel_id, ch.code, ch.name_zh, ch.name_en, ch.kind, ch.opened_at, ch.closed_at,
           co.last_order_at,
           date_diff('day', co.last_order_at::DATE, (SELECT max(ordered_at) FROM orders)::DATE) AS days_since_last_order
    FROM channels ch
    LEFT JOIN channel_orders co USING (channel_id)
)
SELECT channel_id,
       code                                                 AS channel_code,
       CASE WHEN $lang = 'en' THEN name_en ELSE name_zh END AS channel,
       kind,
       opened_at,
       closed_at,
       last_order_at,
       days_since_last_order
FROM with_days
WHERE days_since_last_order IS NULL OR days_since_last_order > $days
ORDER BY days_since_last_order DESC NULLS FIRST, channel_id
