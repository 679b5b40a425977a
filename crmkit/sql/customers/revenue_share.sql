-- 统计分析（帕累托） Pareto analysis: each buyer's revenue, share and cumulative share, largest first.
-- Parameters: none. Equal revenue is ordered by customer id, so every buyer has their own rank.
WITH revenue_by_buyer AS (          -- paid revenue of every customer who bought
    SELECT customer_id,
           paid_spend AS revenue
    FROM customer_stats
    WHERE paid_orders > 0
),
ranked AS (
    SELECT customer_id,
           revenue,
           row_number() OVER (ORDER BY revenue DESC, customer_id) AS rank
    FROM revenue_by_buyer
)
SELECT r.rank,
       r.customer_id,
       c.name,
       r.revenue,
       r.revenue / nullif(sum(r.revenue) OVER (), 0)                          AS share,
       sum(r.revenue) OVER (ORDER BY r.rank) / nullif(sum(r.revenue) OVER (), 0) AS cumulative_share,
       r.rank / count(*) OVER ()                                             AS cumulative_customer_share
FROM ranked r
JOIN customers c USING (customer_id)
ORDER BY r.rank
