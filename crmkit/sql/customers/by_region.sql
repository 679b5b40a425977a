-- 地域分析 Customers, buyers, paid orders, revenue, share of revenue and AOV per province of the customers.
-- Parameters: $lang ('zh' or 'en').
WITH paid_by_customer AS (          -- paid orders and spend of every customer who bought (from customer_stats)
    SELECT customer_id,
           paid_orders AS orders,
           paid_spend  AS spend
    FROM customer_stats
    WHERE paid_orders > 0
),
by_province AS (                    -- per province of the customer's address
    SELECT c.province_code,
           count(*)                    AS customer_count,
           count(p.customer_id)        AS buyer_count,
           coalesce(sum(p.orders), 0)::BIGINT AS order_count,
           coalesce(sum(p.spend), 0)   AS revenue
    FROM customers c
    LEFT JOIN paid_by_customer p USING (customer_id)
    GROUP BY c.province_code
)
SELECT CASE WHEN $lang = 'en' THEN pr.name_en ELSE pr.name_zh END        AS province,
       coalesce(b.customer_count, 0)                                     AS customer_count,
       coalesce(b.buyer_count, 0)                                        AS buyer_count,
       coalesce(b.order_count, 0)                                        AS order_count,
       coalesce(b.revenue, 0)                                            AS revenue,
       coalesce(b.revenue, 0) / nullif(sum(b.revenue) OVER (), 0)        AS share,
       round(b.revenue / nullif(b.order_count, 0), 2)                    AS aov
FROM provinces pr
LEFT JOIN by_province b USING (province_code)
ORDER BY revenue DESC, pr.province_code
