-- 商品销售 Product sales ranking: the top products by revenue of paid orders; ties share a rank.
-- Parameters: $lang ('zh' or 'en'), $top (keep ranks 1 to $top), $start, $end (first and last day of
-- the order dates, or NULL).
WITH per_product AS (      -- paid sales per product in the time range (from the daily summary)
    SELECT product_id,
           sum(revenue)              AS revenue,
           sum(quantity)::BIGINT     AS quantity,
           sum(order_count)::BIGINT  AS order_count   -- an order is on one day, so days add up
    FROM product_daily_sales
    WHERE ($start IS NULL OR day >= $start::DATE)
      AND ($end IS NULL OR day <= $end::DATE)
    GROUP BY product_id
),
ranked AS (
    SELECT *,
           rank() OVER (ORDER BY revenue DESC)     AS rank,     -- equal revenue, equal rank
           revenue / sum(revenue) OVER ()          AS share
    FROM per_product
)
SELECT r.rank,
       r.product_id,
       p.sku,
       CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END AS product,
       CASE WHEN $lang = 'en' THEN c.name_en ELSE c.name_zh END AS category,
       r.revenue,
       r.quantity,
       r.order_count,
       round(r.share, 4) AS share
FROM ranked r
JOIN products p   ON p.product_id = r.product_id
JOIN categories c ON c.category_id = p.category_id
WHERE r.rank <= $top                    -- every product tied at the cut-off stays
ORDER BY r.rank, r.product_id
