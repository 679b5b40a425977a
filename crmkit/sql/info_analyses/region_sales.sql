-- 基本信息分析：主要销售地区 Main sales region: how many items of a product (or category) the customers of each
-- province bought in paid orders. The province with the largest quantity is the main sales region.
-- Parameters: $product_id, $category_id (NULL: every product), $lang ('zh' or 'en').
-- A customer counts in the province of their address. Only provinces with sales are listed.
WITH sold AS (              -- items of paid orders (closed orders were never paid) of the chosen products
    SELECT c.province_code,
           sum(i.quantity)::BIGINT        AS quantity,
           count(DISTINCT o.order_id)     AS order_count,
           count(DISTINCT o.customer_id)  AS buyer_count,
           sum(i.amount)                  AS revenue        -- item amounts, before order discounts
    FROM orders o
    JOIN order_items i USING (order_id)
    JOIN products p    USING (product_id)
    JOIN customers c   ON c.customer_id = o.customer_id
    WHERE o.status <> 'closed'
      AND ($product_id IS NULL OR i.product_id = $product_id)
      AND ($category_id IS NULL OR p.category_id = $category_id)
    GROUP BY c.province_code
)
SELECT row_number() OVER (ORDER BY s.quantity DESC, s.province_code)  AS rank,
       CASE WHEN $lang = 'en' THEN pr.name_en ELSE pr.name_zh END     AS province,
       s.quantity,
       s.order_count,
       s.buyer_count,
       s.revenue,
       s.quantity / sum(s.quantity) OVER ()                            AS share   -- of all items sold
FROM sold s
LEFT JOIN provinces pr USING (province_code)       -- an imported customer may have no province
ORDER BY rank
