-- 客单价 Average order value of the shop: revenue / number of paid orders.
-- Parameters: none.
SELECT count(*)                                        AS order_count,
       coalesce(sum(total), 0)                         AS revenue,
       round(sum(total) / nullif(count(*), 0), 2)      AS aov
FROM orders
WHERE status <> 'closed'
