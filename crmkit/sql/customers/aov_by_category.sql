-- 客单价（按品类） Average order value per product category: revenue of the category's items / paid orders containing it.
-- Parameters: $lang ('zh' or 'en'). Item amounts are before the order-level discount.
WITH closed_orders AS (             -- orders that were never paid (few, so cheaper to leave out than to look up)
    SELECT order_id FROM orders WHERE status = 'closed'
),
paid_items AS (                     -- items of paid orders, with their product's category
    SELECT i.order_id,
           p.category_id,
           i.amount
    FROM order_items i
    JOIN products p USING (product_id)
    WHERE i.order_id NOT IN (SELECT order_id FROM closed_orders)
),
by_category AS (
    SELECT category_id,
           count(DISTINCT order_id) AS order_count,   -- orders containing the category (each once)
           sum(amount)              AS revenue
    FROM paid_items
    GROUP BY category_id
)
SELECT CASE WHEN $lang = 'en' THEN ca.name_en ELSE ca.name_zh END AS category,
       b.order_count,
       b.revenue,
       round(b.revenue / b.order_count, 2)                        AS aov
FROM by_category b
JOIN categories ca USING (category_id)
ORDER BY aov DESC, ca.category_id
