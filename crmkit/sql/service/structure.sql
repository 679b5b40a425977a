-- 客户结构 Customer structure: the shop's suppliers (供应商), channel partners (渠道客户) and end customers (终端客户),
-- how many there are, how many had paid sales, and the sales that went through them.
-- Parameters: $type_names (MAP: customer type code -> label in the chosen language).
-- Suppliers: sales are item amounts of their products in paid orders (before order discounts, from product_daily_sales).
-- Channels and end customers: sales are the totals of paid orders (status <> 'closed').
WITH supplier_sales AS (            -- paid item sales per supplier
    SELECT p.supplier_id, sum(s.revenue) AS revenue
    FROM product_daily_sales s
    JOIN products p USING (product_id)
    GROUP BY p.supplier_id
),
channel_sales AS (                  -- paid order totals per channel the order was placed on
    SELECT channel_id, sum(total) AS revenue
    FROM orders
    WHERE status <> 'closed'
    GROUP BY channel_id
),
levels AS (
    SELECT 1 AS type_no, 'supplier' AS customer_type,
           (SELECT count(*) FROM suppliers)                          AS member_count,
           (SELECT count(*) FROM supplier_sales WHERE revenue > 0)   AS active_count,
           (SELECT coalesce(sum(revenue), 0) FROM supplier_sales)    AS revenue
    UNION ALL
    SELECT 2, 'channel',
           (SELECT count(*) FROM channels),
           (SELECT count(*) FROM channel_sales WHERE revenue > 0),
           (SELECT coalesce(sum(revenue), 0) FROM channel_sales)
    UNION ALL
    SELECT 3, 'end_customer',
           (SELECT count(*) FROM customers),
           (SELECT count(*) FROM customer_stats WHERE paid_orders > 0),   -- buyers
           (SELECT coalesce(sum(paid_spend), 0) FROM customer_stats)
)
SELECT customer_type,
       $type_names[customer_type]                              AS customer_type_name,
       member_count,
       active_count,
       revenue::DECIMAL(18, 2)                                 AS revenue,
       round(revenue / nullif(active_count, 0), 2)::DOUBLE     AS revenue_per_active
FROM levels
ORDER BY type_no
