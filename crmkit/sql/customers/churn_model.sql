-- 流失分析（模型） Churned customers by the BG/NBD model: buyers whose probability of still being active, P(alive),
-- is below $p_alive_below.
-- Parameters: $p_alive_below (a probability, 0-1).
-- Reads p_alive_scores (customer_id, p_alive): crmkit computes P(alive) of every buyer from the fitted model
-- (ck.loyalty.p_alive) and hands the result to DuckDB as a table for this query.
WITH today AS (
    SELECT max(ordered_at)::DATE AS today FROM orders
),
likely_gone AS (                    -- buyers the model thinks have probably left
    SELECT customer_id, p_alive
    FROM p_alive_scores
    WHERE p_alive < $p_alive_below
)
SELECT c.customer_id,
       c.name,
       c.phone,
       s.last_paid_at                                    AS last_order_at,
       date_diff('day', s.last_paid_at::DATE, t.today)   AS days_since_last_order,
       s.paid_orders                                     AS orders,
       s.paid_spend                                      AS total_spend,
       g.p_alive
FROM likely_gone g
JOIN customer_stats s USING (customer_id)
JOIN customers c USING (customer_id)
CROSS JOIN today t
ORDER BY s.paid_spend DESC, c.customer_id
