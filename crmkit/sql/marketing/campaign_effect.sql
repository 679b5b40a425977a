-- 活动效果 Campaign effect: the campaign's days vs the same number of days right before it, over all paid orders.
-- Parameters: $campaign_id, $metric_names (MAP: metric code -> its label in the chosen language).
WITH bounds AS (                    -- a campaign still running counts only up to the data's "today"
    SELECT starts_on,
           least(ends_on, (SELECT max(ordered_at)::DATE FROM orders)) AS last_day
    FROM campaigns
    WHERE campaign_id = $campaign_id
),
lengths AS (
    SELECT starts_on, last_day, (last_day - starts_on + 1)::INTEGER AS days
    FROM bounds
),
windows AS (                        -- the campaign window and the window of equal length right before it
    SELECT starts_on, last_day, days, starts_on - days AS before_starts_on
    FROM lengths
),
nearby_orders AS (                  -- paid orders of both windows, each marked with its side
    SELECT CASE WHEN o.ordered_at >= (SELECT starts_on FROM windows) THEN 'during' ELSE 'before' END AS side,
           o.total
    FROM orders o
    WHERE o.status <> 'closed'
      AND o.ordered_at >= (SELECT before_starts_on FROM windows)
      AND o.ordered_at < (SELECT last_day FROM windows) + INTERVAL 1 DAY
),
first_orders AS (                   -- each customer's first paid order: a new customer is born there
    SELECT customer_id, first_paid_at
    FROM customer_stats
    WHERE paid_orders > 0
),
new_customers AS (
    SELECT CASE WHEN first_paid_at >= (SELECT starts_on FROM windows) THEN 'during' ELSE 'before' END AS side,
           count(*) AS new_customers
    FROM first_orders
    WHERE first_paid_at >= (SELECT before_starts_on FROM windows)
      AND first_paid_at < (SELECT last_day FROM windows) + INTERVAL 1 DAY
    GROUP BY side
),
side_totals AS (
    SELECT side, count(*) AS orders, sum(total) AS revenue
    FROM nearby_orders
    GROUP BY side
),
sides AS (                          -- both sides always exist, even without orders
    SELECT 'before' AS side UNION ALL SELECT 'during'
),
per_side AS (
    SELECT s.side,
           coalesce(t.orders, 0)::DOUBLE / w.days         AS orders_per_day,
           coalesce(t.revenue, 0)::DOUBLE / w.days        AS revenue_per_day,
           t.revenue::DOUBLE / t.orders                   AS aov,
           coalesce(nc.new_customers, 0)::DOUBLE          AS new_customers
    FROM sides s
    CROSS JOIN windows w
    LEFT JOIN side_totals t    USING (side)
    LEFT JOIN new_customers nc USING (side)
),
metrics AS (                        -- one row per metric: before vs during
    SELECT 1 AS position, 'orders_per_day' AS metric, b.orders_per_day AS before_campaign, d.orders_per_day AS during_campaign
    FROM per_side b, per_side d WHERE b.side = 'before' AND d.side = 'during'
    UNION ALL
    SELECT 2, 'revenue_per_day', b.revenue_per_day, d.revenue_per_day
    FROM per_side b, per_side d WHERE b.side = 'before' AND d.side = 'during'
    UNION ALL
    SELECT 3, 'aov', b.aov, d.aov
    FROM per_side b, per_side d WHERE b.side = 'before' AND d.side = 'during'
    UNION ALL
    SELECT 4, 'new_customers', b.new_customers, d.new_customers
    FROM per_side b, per_side d WHERE b.side = 'before' AND d.side = 'during'
)
SELECT metric,
       $metric_names[metric]                        AS campaign_metric,
       round(before_campaign, 2)                    AS before_campaign,
       round(during_campaign, 2)                    AS during_campaign,
       round(during_campaign / nullif(before_campaign, 0) - 1, 4) AS campaign_uplift
FROM metrics
ORDER BY position
