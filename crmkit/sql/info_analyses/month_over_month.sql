-- 关联分析：本月与上月 This month against last month: purchases, complaints and returns side by side.
-- If customers bought more while complaints and returns went down, the shop is running well.
-- Parameters: $month (the first day of "this month"; NULL: the last month the data covers completely),
-- $metric_names (MAP metric -> name in the chosen language), $verdict_names (MAP verdict -> name).
-- Purchases count paid orders (closed orders were never paid) by order time; complaints are service
-- interactions on the topic complaint, by when they started; returns are return and exchange requests.
-- The rates are per 100 paid orders of the same month, so a busy month is compared fairly.
WITH chosen AS (
    SELECT coalesce($month::DATE, (date_trunc('month', max(ordered_at)::DATE + 1) - INTERVAL 1 MONTH)::DATE)
               AS this_month
    FROM orders
),
months AS (                 -- this month and the month before
    SELECT 'this' AS which, this_month AS month FROM chosen
    UNION ALL
    SELECT 'last', (this_month - INTERVAL 1 MONTH)::DATE FROM chosen
),
paid AS (
    SELECT m.which, o.order_id, o.customer_id, o.total
    FROM orders o
    JOIN months m ON o.ordered_at >= m.month AND o.ordered_at < m.month + INTERVAL 1 MONTH
    WHERE o.status <> 'closed'
),
purchases AS (
    SELECT which,
           count(*)                     AS orders,
           count(DISTINCT customer_id)  AS buyers,
           sum(total)                   AS revenue
    FROM paid
    GROUP BY which
),
items AS (
    SELECT p.which, sum(i.quantity) AS quantity
    FROM paid p
    JOIN order_items i USING (order_id)
    GROUP BY p.which
),
complaints AS (
    SELECT m.which, count(*) AS complaints
    FROM interactions x
    JOIN months m ON x.started_at >= m.month AND x.started_at < m.month + INTERVAL 1 MONTH
    WHERE x.topic = 'complaint'
    GROUP BY m.which
),
return_requests AS (
    SELECT m.which, count(*) AS returns
    FROM returns r
    JOIN months m ON r.requested_at >= m.month AND r.requested_at < m.month + INTERVAL 1 MONTH
    GROUP BY m.which
),
per_month AS (
    SELECT m.which,
           coalesce(p.orders, 0)      AS orders,
           coalesce(i.quantity, 0)    AS quantity,
           coalesce(p.buyers, 0)      AS buyers,
           coalesce(p.revenue, 0)     AS revenue,
           coalesce(c.complaints, 0)  AS complaints,
           coalesce(r.returns, 0)     AS returns
    FROM months m
    LEFT JOIN purchases p       USING (which)
    LEFT JOIN items i           USING (which)
    LEFT JOIN complaints c      USING (which)
    LEFT JOIN return_requests r USING (which)
),
metrics AS (                -- what is compared, in order, and which direction is good news
    SELECT * FROM (VALUES (1, 'orders', 'up'), (2, 'quantity', 'up'), (3, 'buyers', 'up'), (4, 'revenue', 'up'),
                          (5, 'complaints', 'down'), (6, 'returns', 'down'),
                          (7, 'complaint_rate', 'down'), (8, 'return_rate', 'down'))
                  AS t(position, metric, better_when)
),
values_ AS (                -- every metric in both months
    SELECT k.position, k.metric, k.better_when, pm.which,
           round(CASE k.metric WHEN 'orders'         THEN pm.orders
                               WHEN 'quantity'       THEN pm.quantity
                               WHEN 'buyers'         THEN pm.buyers
                               WHEN 'revenue'        THEN pm.revenue
                               WHEN 'complaints'     THEN pm.complaints
                               WHEN 'returns'        THEN pm.returns
                               WHEN 'complaint_rate' THEN 100 * pm.complaints / nullif(pm.orders, 0)
                               ELSE                       100 * pm.returns / nullif(pm.orders, 0) END::DOUBLE, 2)
               AS value
    FROM metrics k
    CROSS JOIN per_month pm
),
compared AS (
    SELECT position, metric, better_when,
           max(value) FILTER (WHERE which = 'last') AS previous_value,
           max(value) FILTER (WHERE which = 'this') AS value
    FROM values_
    GROUP BY position, metric, better_when
),
judged AS (                 -- good or bad news: the change in the direction of better_when is good
    SELECT *,
           CASE WHEN value IS NULL OR previous_value IS NULL THEN NULL
                WHEN value = previous_value THEN 'same'
                WHEN (value > previous_value) = (better_when = 'up') THEN 'better'
                ELSE 'worse' END AS verdict
    FROM compared
)
SELECT j.metric,
       $metric_names[j.metric]                                    AS metric_name,
       ch.this_month                                              AS month,
       (ch.this_month - INTERVAL 1 MONTH)::DATE                   AS previous_month,
       j.previous_value,
       j.value,
       round(j.value - j.previous_value, 2)                       AS change,
       (j.value - j.previous_value) / nullif(j.previous_value, 0) AS change_rate,
       j.better_when,
       j.verdict,
       $verdict_names[j.verdict]                                  AS verdict_name
FROM judged j
CROSS JOIN chosen ch
ORDER BY j.position
