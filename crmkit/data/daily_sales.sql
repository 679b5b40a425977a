-- 每日销售汇总 Paid sales per day and product, and per day and category (section markers below).
-- Built into the course database as product_daily_sales and category_daily_sales.
-- @product
SELECT o.ordered_at::DATE                  AS day,
       i.product_id,
       count(DISTINCT i.order_id)::INTEGER AS order_count,
       sum(i.quantity)::BIGINT             AS quantity,
       sum(i.amount)::DECIMAL(18, 2)       AS revenue
FROM order_items i
JOIN orders o ON o.order_id = i.order_id
WHERE o.status <> 'closed'
GROUP BY ALL
-- @category
SELECT o.ordered_at::DATE                  AS day,
       p.category_id,
       count(DISTINCT i.order_id)::INTEGER AS order_count,
       sum(i.quantity)::BIGINT             AS quantity,
       sum(i.amount)::DECIMAL(18, 2)       AS revenue
FROM order_items i
JOIN orders o   ON o.order_id = i.order_id
JOIN products p ON p.product_id = i.product_id
WHERE o.status <> 'closed'
GROUP BY ALL
