-- 商品速查 Product quick lookup: by product id, SKU, or a fragment of the Chinese or English name.
-- Parameters: $q (what the user typed, trimmed), $lang ('zh' or 'en').
WITH matched AS (          -- the products the query finds
    SELECT product_id,
           product_id::VARCHAR = $q OR upper(sku) = upper($q) AS exact
    FROM products
    WHERE product_id::VARCHAR = $q
       OR upper(sku) = upper($q)
       OR contains(name_zh, $q)
       OR contains(lower(name_en), lower($q))
),
closed_orders AS (         -- orders that were never paid
    SELECT order_id FROM orders WHERE status = 'closed'
),
sold AS (                  -- units sold and revenue of the matched products in paid orders
    SELECT i.product_id,
           sum(i.quantity)::BIGINT AS quantity,
           sum(i.amount)   AS revenue
    FROM order_items i
    WHERE i.product_id IN (SELECT product_id FROM matched)
      AND i.order_id NOT IN (SELECT order_id FROM closed_orders)
    GROUP BY i.product_id
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
FROM matched m
JOIN products p   USING (product_id)
JOIN categories c ON c.category_id = p.category_id
JOIN suppliers su ON su.supplier_id = p.supplier_id
LEFT JOIN sold s  ON s.product_id = p.product_id
ORDER BY m.exact DESC, p.product_id
