-- 渠道列表 Channel list: every sales channel with its status (active or dormant), paid orders, revenue and last order.
-- Parameters: $lang ('zh' or 'en'), $days (dormant after this many days without a paid order),
--             $kind_names, $status_names (MAPs: code -> label in the chosen language).
WITH channel_orders AS (
    SELECT channel_id,
           count(*)        AS order_count,
           sum(total)      AS revenue,
           max(ordered_at) AS last_order_at
    FROM orders
    WHERE status <> 'closed'
    GROUP BY channel_id
),
with_days AS (
    SELECT ch.*,
           coalesce(co.order_count, 0) AS order_count,
           coalesce(co.revenue, 0)     AS revenue,
           co.last_order_at,
           -- whole days from the last paid order to the data's "today"
           date_diff('day', co.last_order_at::DATE, (SELECT max(ordered_at) FROM orders)::DATE) AS days_since_last_order
    FROM channels ch
    LEFT JOIN channel_orders co USING (channel_id)
),
with_status AS (                    -- dormant: no paid order in the last $days days (or never one)
    SELECT *,
           CASE WHEN days_since_last_order IS NULL OR days_since_last_order > $days THEN 'dormant' ELSE 'active' END
               AS channel_state
    FROM with_days
)
SELECT channel_id,
       code                                                 AS channel_code,
       CASE WHEN $lang = 'en' THEN name_en ELSE name_zh END AS channel,
       kind,
       $kind_names[kind]                                    AS channel_kind,
       opened_at,
       closed_at,
       channel_state                                        AS status,
       $status_names[channel_state]                         AS channel_status,
       order_count,
       revenue,
       last_order_at,
       days_since_last_order
FROM with_status
ORDER BY channel_id
