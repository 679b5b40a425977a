-- 供应商 Suppliers: where each supplier is, how many of its products are listed and sold, and their paid sales.
-- Parameters: $lang ('zh' or 'en').
-- Sales are item amounts of the products in paid orders (before order discounts, from product_daily_sales).
WITH product_sales AS (             -- paid quantity and item sales per product
    SELECT product_id, sum(quantity) AS quantity, sum(revenue) AS revenue
    FROM product_daily_sales
    GROUP BY product_id
),
per_supplier AS (
    SELECT p.supplier_id,
           count(*)                                       AS product_count,
           count(ps.product_id) FILTER (WHERE ps.quantity > 0) AS products_sold,
           coalesce(sum(ps.quantity), 0)                  AS quantity,
           coalesce(sum(ps.revenue), 0)                   AS revenue
    FROM products p
    LEFT JOIN product_sales ps USING (product_id)
    GROUP BY p.supplier_id
)
SELECT s.supplier_id,
       CASE WHEN $lang = 'en' THEN s.name_en ELSE s.name_zh END   AS supplier,
       CASE WHEN $lang = 'en' THEN pr.name_en ELSE pr.name_zh END AS province,
       coalesce(ps.product_count, 0)                              AS product_count,
       coalesce(ps.products_sold, 0)                              AS products_sold,
       coalesce(ps.quantity, 0)::BIGINT                           AS quantity,
       coalesce(ps.revenue, 0)::DECIMAL(18, 2)                    AS revenue,
       coalesce(ps.revenue, 0) / nullif(sum(coalesce(ps.revenue, 0)) OVER (), 0) AS share
FROM suppliers s
JOIN provinces pr USING (province_code)
LEFT JOIN per_supplier ps USING (supplier_id)
ORDER BY revenue DESC, s.supplier_id
