-- 统计分析（帕累托） Pareto analysis: each buyer's revenue, share and cumulative share, largest first.
-- Parameters: none. Equal revenue is ordered by customer id, so every buyer has their own rank.
-- buyer_ranking (built from customer_stats, see crmkit/data/buyer_ranking.sql) already ranks the buyers
-- biggest first and keeps the running total:
--     row_number() OVER (ORDER BY paid_spend DESC, customer_id)                         AS rank
--     sum(paid_spend) OVER (ORDER BY paid_spend DESC, customer_id ROWS UNBOUNDED PRECEDING) AS running_revenue
WITH totals AS (
    SELECT sum(revenue) AS revenue,
           count(*)     AS buyers
    FROM buyer_ranking
)
SELECT r.rank,
       r.customer_id,
       r.name,
       r.revenue,
       r.revenue / nullif(t.revenue, 0)         AS share,
       r.running_revenue / nullif(t.revenue, 0) AS cumulative_share,
       r.rank / t.buyers                        AS cumulative_customer_share
FROM buyer_ranking r
CROSS JOIN totals t
ORDER BY r.rank
