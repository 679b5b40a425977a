-- 客单价（按品类） Average order value per product category: revenue of the category's items / paid orders containing it.
-- Parameters: $lang ('zh' or 'en'). Item amounts are before the order-level discount.
WITH by_category AS (              -- paid orders containing the category (each once) and its revenue
    SELECT category_id,
           sum(order_count)::BIGINT AS order_count,
           sum(revenue)     AS revenue
    FROM category_daily_sales
    GROUP BY category_id
)
SELECT CASE WHEN $lang = 'en' THEN ca.name_en ELSE ca.name_zh END AS category,
       b.order_count,
       b.revenue,
       round(b.revenue / b.order_count, 2)                        AS aov
FROM by_category b
JOIN categories ca USING (category_id)
ORDER BY aov DESC, ca.category_id
