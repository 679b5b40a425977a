-- 商品销售 Product sales ranking: the top products by revenue of paid orders; ties share a rank.
-- Parameters: $lang ('zh' or 'en'), $top (keep ranks 1 to $top), $start, $end (first and last day of
-- the order dates, or NULL).
WITH paid_items AS (       -- the items of paid orders in the time range
    SELECT i.product_id, i.order_id, i.quantity, i.amount
    FROM order_items i
    JOIN orders o ON o.order_id = i.order_id
    WHERE o.status <> 'closed'
      AND ($start IS NULL OR o.ordered_at >= $start)
      AND ($end IS NULL OR o.ordered_at < $end::DATE + INTERVAL 1 DAY)
),
per_product AS (
    SELECT product_id,
           sum(amount)              AS revenue,
           sum(quantity)::BIGINT    AS quantity,
           count(DISTINCT order_id) AS order_count
    FROM paid_items
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
