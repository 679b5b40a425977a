-- 商品名称 Product names: id, SKU and name in the chosen language (to label other tables).
-- Parameters: $lang ('zh' or 'en').
SELECT product_id,
       sku,
       CASE WHEN $lang = 'en' THEN name_en ELSE name_zh END AS product
FROM products
ORDER BY product_id
