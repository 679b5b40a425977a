-- 出库通知 Shipping notices: the orders shipped on one day, with what to tell each customer.
-- Parameters: $day (the date), $lang ('zh' or 'en').
WITH shipped AS (
    SELECT order_id, customer_id, channel_id, shipped_at
    FROM orders
    WHERE shipped_at >= $day AND shipped_at < $day + INTERVAL 1 DAY
),
items AS (                 -- each order's items as one line of text, and how many pieces
    SELECT i.order_id,
           string_agg(CASE WHEN $lang = 'en' THEN p.name_en ELSE p.name_zh END || ' ×' || i.quantity,
                      '; ' ORDER BY i.line_no) AS item_list,
           sum(i.quantity)::BIGINT                     AS item_count
    FROM order_items i
    JOIN products p ON p.product_id = i.product_id
    WHERE i.order_id IN (SELECT order_id FROM shipped)
    GROUP BY i.order_id
)
SELECT s.order_id,
       s.customer_id,
       c.name,
       left(c.phone, 3) || '****' || right(c.phone, 4)           AS phone,   -- masked for every role
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       it.item_list,
       it.item_count,
       s.shipped_at
FROM shipped s
JOIN customers c  ON c.customer_id = s.customer_id
JOIN channels ch  ON ch.channel_id = s.channel_id
JOIN items it     ON it.order_id = s.order_id
ORDER BY s.shipped_at, s.order_id
