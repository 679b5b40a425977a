-- 订单查询 Order lookup: one order by its id and/or every order of one customer, newest first.
-- Parameters: $order_id, $customer_id (either may be NULL, not both), $lang ('zh' or 'en'),
-- $status_names (a map from status code to its name in the chosen language).
WITH found AS (            -- the orders asked for
    SELECT *
    FROM orders
    WHERE ($order_id IS NULL OR order_id = $order_id)
      AND ($customer_id IS NULL OR customer_id = $customer_id)
),
items AS (                 -- how many items (pieces) each of them holds
    SELECT order_id, sum(quantity)::BIGINT AS item_count
    FROM order_items
    WHERE order_id IN (SELECT order_id FROM found)
    GROUP BY order_id
)
SELECT f.order_id,
       f.customer_id,
       c.name,
       CASE WHEN $lang = 'en' THEN ch.name_en ELSE ch.name_zh END AS channel,
       f.status,
       $status_names[f.status]                    AS status_name,
       f.ordered_at,
       f.paid_at,
       f.shipped_at,
       f.delivered_at,
       f.items_amount,
       f.discount,
       f.total,
       coalesce(it.item_count, 0) AS item_count
FROM found f
JOIN customers c  ON c.customer_id = f.customer_id
JOIN channels ch  ON ch.channel_id = f.channel_id
LEFT JOIN items it ON it.order_id = f.order_id
ORDER BY f.ordered_at DESC, f.order_id DESC
