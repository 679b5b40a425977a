-- 商品列表 Product list: category, price, supplier, launch date, units sold and revenue (paid orders).
-- Parameters: $lang ('zh' or 'en'), $category_id (one category's id, or NULL for every category).
WITH closed_orders AS (    -- orders that were never paid
    SELECT order_id FROM orders WHERE status = 'closed'
),
sold AS (                  -- units sold and revenue per product in paid orders
    SELECT product_id,
           sum(quantity)::BIGINT AS quantity,
           sum(amount)   AS revenue
    FROM order_items
    WHERE order_id NOT IN (SELECT order_id FROM closed_orders)
    GROUP BY product_id
)
SELECT p.product_id,
       p.sku,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END   AS product,
       CASE WHEN $lang = 'en' THEN c.name_en ELSE c.name_zh END   AS category,
       CASE WHEN $lang = 'en' THEN su.name_en ELSE su.name_zh END AS supplier,
       p.price,
       p.launched_at,
       coalesce(s.quantity, 0) AS quantity,
       coalesce(s.revenue, 0)  AS revenue
FROM products p
JOIN categories c ON c.category_id = p.category_id
JOIN suppliers su ON su.supplier_id = p.supplier_id
LEFT JOIN sold s  ON s.product_id = p.product_id
WHERE $category_id IS NULL OR p.category_id = $category_id
ORDER BY p.category_id, p.product_id
