-- 交易关闭订单 Closed orders: orders that were placed but never paid, newest first.
-- Parameters: $lang ('zh' or 'en'), $start, $end (first and last day of the order dates, or NULL).
WITH closed_orders AS (
    SELECT *
    FROM orders
    WHERE status = 'closed'
      AND ($start IS NULL OR ordered_at >= $start)
      AND ($end IS NULL OR ordered_at < $end::DATE + INTERVAL 1 DAY)
),
items AS (                 -- how many items (pieces) each closed order held
    SELECT order_id, sum(quantity)::BIGINT AS item_count
    FROM order_items
    WHERE order_id IN (SELECT order_id FROM closed_orders)
    GROUP BY order_id
)
SELECT o.order_id,
       o.customer_id,
       c.name,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       o.ordered_at,
       o.items_amount,
       o.discount,
       o.total,
       coalesce(it.item_count, 0) AS item_count
FROM closed_orders o
JOIN customers c   ON c.customer_id = o.customer_id
JOIN channels ch   ON ch.channel_id = o.channel_id
LEFT JOIN items it ON it.order_id = o.order_id
ORDER BY o.ordered_at DESC, o.order_id DESC
