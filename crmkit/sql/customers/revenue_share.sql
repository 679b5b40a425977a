-- 统计分析（帕累托） Pareto analysis: each buyer's revenue, share and cumulative share, largest first.
-- Parameters: none. Equal revenue is ordered by customer id, so every buyer has their own rank.
WITH revenue_by_buyer AS (          -- paid revenue of every customer who bought
    SELECT customer_id,
           name,
           paid_spend AS revenue
    FROM customer_stats
    WHERE paid_orders > 0
),
ranked AS (                         -- largest first; the running total adds each buyer to those before
    SELECT customer_id,
           name,
           revenue,
           row_number() OVER biggest_first AS rank,
           sum(revenue) OVER biggest_first AS running_revenue
    FROM revenue_by_buyer
    WINDOW biggest_first AS (ORDER BY revenue DESC, customer_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
totals AS (
    SELECT sum(revenue) AS revenue,
           count(*)     AS buyers
    FROM revenue_by_buyer
)
SELECT r.rank,
       r.customer_id,
       r.name,
       r.revenue,
       r.revenue / nullif(t.revenue, 0)         AS share,
       r.running_revenue / nullif(t.revenue, 0) AS cumulative_share,
       r.rank / t.buyers                        AS cumulative_customer_share
FROM ranked r
CROSS JOIN totals t
ORDER BY r.rank
