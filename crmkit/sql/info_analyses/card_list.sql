-- 客户资料卡清单 The customers whose data card is of one kind (potential, current or lost), by customer id.
-- Parameters: $kind ('potential', 'current' or 'lost'), $lost_after_days, $limit (NULL: all).
-- The kind follows the rule of customers/card and customers/cards: 'potential' never placed a paid order;
-- 'current' placed one within $lost_after_days days of "today" (the day of the newest order); 'lost' longer ago.
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
kinds AS (
    SELECT c.customer_id,
           c.customer_code,
           c.name,
           coalesce(s.paid_orders, 0)                              AS orders,
           coalesce(s.paid_spend, 0)                               AS total_spend,
           s.last_paid_at                                          AS last_order_at,
           date_diff('day', s.last_paid_at::DATE, t.today)         AS days_since_last_order
    FROM customers c
    LEFT JOIN customer_stats s USING (customer_id)
    CROSS JOIN today t
)
SELECT *
FROM kinds
WHERE CASE WHEN orders = 0 THEN 'potential'
           WHEN days_since_last_order <= $lost_after_days THEN 'current'
           ELSE 'lost' END = $kind
ORDER BY customer_id
LIMIT $limit
