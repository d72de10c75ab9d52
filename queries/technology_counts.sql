-- How many of the matching projects use each technology?
-- Projects are first counted per combination of technologies (tech_bits, see queries/_filtered_projects.sql):
-- a handful of rows, whatever the number of projects. Each technology then sums the combinations holding its bit,
-- and all of them (the matching projects whose technology list is published), in one join and one grouping: the
-- total as a subquery of its own, and the sums joined back to the technologies, made DuckDB keep the combinations
-- (a CTE read twice) and plan three more operators.
WITH combinations AS (
    SELECT tech_bits, technologies_more, count(*) AS project_count
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    WHERE is_listed
    GROUP BY tech_bits, technologies_more
),
counted AS (
    SELECT t.technology,
           t.technology_en,
           t.display_order,
           sum(c.project_count) FILTER (WHERE (c.tech_bits & t.bit) <> 0) AS project_count,
           sum(c.project_count) FILTER (WHERE (c.tech_bits & t.bit) <> 0 AND c.technologies_more)
               AS list_ends_with_more_count,
           sum(c.project_count) AS listed_count
    FROM technologies_with_bits AS t
    LEFT JOIN combinations AS c ON true
    GROUP BY t.technology, t.technology_en, t.display_order
)
SELECT technology,
       technology_en,
       display_order,
       CAST(coalesce(project_count, 0) AS BIGINT) AS project_count,
       CAST(coalesce(list_ends_with_more_count, 0) AS BIGINT) AS list_ends_with_more_count,
       -- Share of the matching projects whose technology list is published (ended H30 projects have none).
       round(100.0 * coalesce(project_count, 0) / nullif(listed_count, 0), 1) AS share_of_matching_pct
FROM counted
ORDER BY project_count DESC, display_order;
