-- 趋势分析 Trend: one metric of paid orders per period, plus a straight-line forecast of the next periods.
-- Parameters: $period ('day', 'week', 'month', 'quarter' or 'year'), $metric ('revenue', 'orders',
-- 'customers' or 'aov'), $periods_ahead (how many periods to forecast), $start, $end (first and last
-- day of the order dates, or NULL).
--
-- The forecast is the least-squares line value = intercept + slope * x, where x numbers the periods
-- 0, 1, 2, ... It is fitted on COMPLETE periods only: a period the data (or start/end) covers only
-- in part, typically the last one, would pull the line down, so it is shown (complete = false) but
-- left out of the fit.
WITH step AS (             -- the length of one period
    SELECT CASE $period WHEN 'day'     THEN INTERVAL 1 DAY
                        WHEN 'week'    THEN INTERVAL 7 DAY
                        WHEN 'month'   THEN INTERVAL 1 MONTH
                        WHEN 'quarter' THEN INTERVAL 3 MONTH
                        ELSE INTERVAL 1 YEAR END AS one
),
coverage AS (              -- the days covered by the data and by start/end: [covered_from, covered_until)
    SELECT greatest(min(ordered_at)::DATE, coalesce($start, min(ordered_at)::DATE))                   AS covered_from,
           least(max(ordered_at)::DATE, coalesce($end, max(ordered_at)::DATE)) + INTERVAL 1 DAY       AS covered_until
    FROM orders
),
per_period AS (            -- the metrics of paid orders per period
    SELECT date_trunc($period, ordered_at) AS period,
           sum(total)                  AS revenue,
           count(*)                    AS orders
    FROM orders
    WHERE status <> 'closed'
      AND ($start IS NULL OR ordered_at >= $start)
      AND ($end IS NULL OR ordered_at < $end::DATE + INTERVAL 1 DAY)
    GROUP BY period
),
per_period_customers AS (  -- distinct buyers per period: costly, so only when that metric is asked for
    SELECT date_trunc($period, ordered_at) AS period,
           count(DISTINCT customer_id)  AS customers
    FROM orders
    WHERE $metric = 'customers'
      AND status <> 'closed'
      AND ($start IS NULL OR ordered_at >= $start)
      AND ($end IS NULL OR ordered_at < $end::DATE + INTERVAL 1 DAY)
    GROUP BY period
),
all_periods AS (           -- every period the coverage touches, also those without paid orders
    SELECT unnest(generate_series(date_trunc($period, cv.covered_from),
                                  date_trunc($period, cv.covered_until - INTERVAL 1 DAY),
                                  s.one)) AS period
    FROM coverage cv
    CROSS JOIN step s
),
actual AS (
    SELECT a.period,
           row_number() OVER (ORDER BY a.period) - 1 AS x,
           CASE $metric WHEN 'revenue'   THEN coalesce(p.revenue, 0)
                        WHEN 'orders'    THEN coalesce(p.orders, 0)
                        WHEN 'customers' THEN coalesce(pc.customers, 0)
                        ELSE p.revenue / p.orders END::DOUBLE AS value,      -- aov: none without orders
           a.period >= cv.covered_from AND a.period + s.one <= cv.covered_until AS complete
    FROM all_periods a
    LEFT JOIN per_period p ON p.period = a.period
    LEFT JOIN per_period_customers pc ON pc.period = a.period
    CROSS JOIN coverage cv
    CROSS JOIN step s
),
line AS (                  -- least squares over the complete periods
    SELECT regr_slope(value, x)     FILTER (WHERE complete) AS slope,
           regr_intercept(value, x) FILTER (WHERE complete) AS intercept,
           count(*) FILTER (WHERE complete)                 AS fitted_periods,
           max(x)                                           AS last_x,
           max(period)                                      AS last_period
    FROM actual
),
forecast AS (
    SELECT l.last_period + k * s.one                             AS period,
           greatest(l.intercept + l.slope * (l.last_x + k), 0)   AS value     -- never below 0
    FROM line l
    CROSS JOIN step s
    CROSS JOIN range(1, $periods_ahead + 1) AS ahead(k)
    WHERE l.fitted_periods >= 2                 -- a line needs two points
)
SELECT period, round(value, 2) AS value, 'actual' AS kind, complete FROM actual
UNION ALL
SELECT period, round(value, 2) AS value, 'forecast' AS kind, NULL AS complete FROM forecast
ORDER BY period
