-- For each pair of technologies, how many of the matching projects use both (the diagonal: how many use it)?
WITH matching AS (
    SELECT project_id, technologies
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
uses AS (
    SELECT DISTINCT project_id, unnest(technologies) AS technology
    FROM matching
),
pairs AS (
    SELECT a.technology AS technology_a, b.technology AS technology_b, count(*) AS project_count
    FROM uses AS a
    JOIN uses AS b USING (project_id)
    GROUP BY a.technology, b.technology
)
SELECT ta.technology AS technology_a,
       ta.display_order AS display_order_a,
       tb.technology AS technology_b,
       tb.display_order AS display_order_b,
       coalesce(p.project_count, 0) AS project_count,
       ta.technology = tb.technology AS is_diagonal
FROM technologies AS ta
CROSS JOIN technologies AS tb
LEFT JOIN pairs AS p ON p.technology_a = ta.technology AND p.technology_b = tb.technology
ORDER BY ta.display_order, tb.display_order;
