-- For each pair of technologies, how many of the matching projects use both (the diagonal: how many use it)?
-- Projects are first counted per combination of technologies (tech_bits, see queries/_filtered_projects.sql); each
-- pair then sums the combinations holding both bits, in one join and one grouping (the sums per pair joined back to
-- the grid of pairs cost DuckDB a second cross join and two more operators to plan).
WITH combinations AS (
    SELECT tech_bits, count(*) AS project_count
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    WHERE tech_bits <> 0
    GROUP BY tech_bits
)
SELECT a.technology AS technology_a,
       a.display_order AS display_order_a,
       b.technology AS technology_b,
       b.display_order AS display_order_b,
       CAST(coalesce(sum(c.project_count) FILTER (WHERE (c.tech_bits & a.bit) <> 0 AND (c.tech_bits & b.bit) <> 0), 0)
            AS BIGINT) AS project_count,
       a.technology = b.technology AS is_diagonal
FROM technologies_with_bits AS a
CROSS JOIN technologies_with_bits AS b
LEFT JOIN combinations AS c ON true
GROUP BY a.technology, a.display_order, b.technology, b.display_order
ORDER BY a.display_order, b.display_order;
