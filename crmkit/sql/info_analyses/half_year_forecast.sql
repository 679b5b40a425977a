-- 趋势分析：预测下半年 Forecast the second half-year from the first: one metric of paid orders per month of
-- a year, with two forecasts of July to December.
--   trend_line        the least-squares straight line through January to June, carried on to December;
--   seasonal_forecast last year's same month, times the growth of this year's first half over last year's
--                     ("like last year, only bigger"), when the data covers both first halves completely.
-- Parameters: $year (NULL: the latest year whose first half the data covers), $metric ('revenue', 'orders' or
-- 'buyers').
-- A month is complete when the data covers all its days; the line is fitted on complete months only.
WITH coverage AS (          -- the days the data covers: from the first to the newest order
    SELECT min(ordered_at)::DATE AS first_day,
           max(ordered_at)::DATE AS last_day
    FROM orders
),
chosen AS (
    SELECT coalesce($year, year(last_day) - CASE WHEN last_day >= make_date(year(last_day), 6, 30) THEN 0 ELSE 1 END)
               AS year,
           first_day,
           last_day
    FROM coverage
),
months AS (                 -- the twelve months of the year and of the year before
    SELECT m.month::DATE                                   AS month,
           year(m.month) = c.year                          AS this_year,
           month(m.month)                                  AS month_no,
           m.month::DATE <= c.last_day
             AND (m.month + INTERVAL 1 MONTH)::DATE > c.first_day  AS covered,
           m.month::DATE >= c.first_day
             AND (m.month + INTERVAL 1 MONTH)::DATE <= c.last_day + 1 AS complete
    FROM chosen c
    CROSS JOIN unnest(generate_series(make_date(c.year - 1, 1, 1), make_date(c.year, 12, 1), INTERVAL 1 MONTH)) AS m(month)
),
per_month AS (              -- the metric per month, from the monthly summary of paid orders per customer
    SELECT month,
           CASE $metric WHEN 'revenue' THEN sum(revenue)
                        WHEN 'orders'  THEN sum(paid_orders)
                        ELSE count(*) END::DOUBLE AS value            -- buyers: customers who paid that month
    FROM customer_months
    GROUP BY month
),
actual AS (                 -- months the data does not reach have no actual value
    SELECT m.*,
           CASE WHEN m.covered THEN coalesce(p.value, 0) END AS actual
    FROM months m
    LEFT JOIN per_month p USING (month)
),
line AS (                   -- value = intercept + slope * x, x = 0 (January) ... 5 (June)
    SELECT regr_slope(actual, month_no - 1)     AS slope,
           regr_intercept(actual, month_no - 1) AS intercept,
           count(*)                             AS fitted_months
    FROM actual
    WHERE this_year AND month_no <= 6 AND complete
),
growth AS (                 -- this year's first half / last year's, if the data covers both completely
    SELECT CASE WHEN bool_and(complete) THEN sum(actual) FILTER (WHERE this_year)
                                             / nullif(sum(actual) FILTER (WHERE NOT this_year), 0) END AS ratio
    FROM actual
    WHERE month_no <= 6
)
SELECT a.month                                                                     AS period,
       CASE WHEN a.month_no <= 6 THEN 'first' ELSE 'second' END                    AS half,
       round(a.actual, 2)                                                          AS actual,
       a.complete,
       CASE WHEN l.fitted_months >= 2                                              -- a line needs two points
            THEN round(greatest(l.intercept + l.slope * (a.month_no - 1), 0), 2) END AS trend_line,
       CASE WHEN a.month_no > 6 THEN round(last_year.actual * g.ratio, 2) END     AS seasonal_forecast,
       $metric                                                                     AS metric
FROM actual a
LEFT JOIN actual last_year ON NOT last_year.this_year AND last_year.month_no = a.month_no AND last_year.complete
CROSS JOIN line l
CROSS JOIN growth g
WHERE a.this_year
ORDER BY a.month
