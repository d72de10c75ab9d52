-- For each pair of technologies, how many of the matching projects use both (the diagonal: how many use it)?
-- Projects are first counted per combination of technologies (tech_bits, see queries/_filtered_projects.sql).
WITH matching AS (
    SELECT project_id, tech_bits
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
combinations AS (
    SELECT tech_bits, count(*) AS project_count
    FROM matching
    WHERE tech_bits <> 0
    GROUP BY tech_bits
),
bits AS (
    SELECT technology, bit FROM technologies_with_bits
),
pairs AS (
    SELECT a.technology AS technology_a, b.technology AS technology_b, sum(c.project_count) AS project_count
    FROM bits AS a
    CROSS JOIN bits AS b
    JOIN combinations AS c ON (c.tech_bits & a.bit) <> 0 AND (c.tech_bits & b.bit) <> 0
    GROUP BY a.technology, b.technology
)
SELECT ta.technology AS technology_a,
       ta.display_order AS display_order_a,
       tb.technology AS technology_b,
       tb.display_order AS display_order_b,
       CAST(coalesce(p.project_count, 0) AS BIGINT) AS project_count,
       ta.technology = tb.technology AS is_diagonal
FROM technologies AS ta
CROSS JOIN technologies AS tb
LEFT JOIN pairs AS p ON p.technology_a = ta.technology AND p.technology_b = tb.technology
ORDER BY ta.display_order, tb.display_order;
