-- 退换货统计 Returns and exchanges per period: how many requests of each kind and their refund total.
-- Parameters: $period ('day', 'week', 'month', 'quarter' or 'year'), $kind_names
-- (kind names in the chosen language), $start, $end (first and last day of the request dates, or NULL).
WITH per_period AS (
    SELECT date_trunc($period, requested_at) AS period,
           kind,
           count(*)    AS returns,
           sum(refund) AS refund
    FROM returns
    WHERE ($start IS NULL OR requested_at >= $start)
      AND ($end IS NULL OR requested_at < $end::DATE + INTERVAL 1 DAY)
    GROUP BY period, kind
)
SELECT period,
       $kind_names[kind] AS kind,
       returns,
       refund
FROM per_period
ORDER BY period, kind DESC          -- 'return' before 'exchange'
