-- 待办任务 To-do list: your open follow-up tasks, the earliest due first, with the customer's contact data.
-- Parameters: $kind_names (task kind code -> name in the chosen language). Needs the scratch database attached.
SELECT t.task_id,
       t.due_at,
       t.kind,
       $kind_names[t.kind] AS kind_name,
       t.customer_id,
       c.name,
       c.phone,
       t.content,
       t.created_at
FROM scratch.tasks t
JOIN customers c USING (customer_id)
WHERE t.done_at IS NULL
ORDER BY t.due_at, t.task_id
