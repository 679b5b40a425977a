-- 客单价（按月） Average order value per month (month of the order time).
-- Parameters: none.
SELECT date_trunc('month', ordered_at)               AS period,
       count(*)                                      AS order_count,
       sum(total)                                    AS revenue,
       round(sum(total) / count(*), 2)               AS aov
FROM orders
WHERE status <> 'closed'
GROUP BY period
ORDER BY period
