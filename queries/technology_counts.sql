-- How many of the matching projects use each technology?
-- Projects are first counted per combination of technologies (tech_bits, see queries/_filtered_projects.sql):
-- a handful of rows, whatever the number of projects.
WITH matching AS (
    SELECT project_id, is_listed, technologies_more, tech_bits
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
combinations AS (
    SELECT tech_bits, technologies_more, count(*) AS project_count
    FROM matching
    WHERE is_listed
    GROUP BY tech_bits, technologies_more
),
counted AS (
    SELECT t.technology,
           sum(c.project_count) AS project_count,
           sum(c.project_count) FILTER (WHERE c.technologies_more) AS list_ends_with_more_count
    FROM technologies_with_bits AS t
    JOIN combinations AS c ON (c.tech_bits & t.bit) <> 0
    GROUP BY t.technology
)
SELECT t.technology,
       t.technology_en,
       t.display_order,
       CAST(coalesce(c.project_count, 0) AS BIGINT) AS project_count,
       CAST(coalesce(c.list_ends_with_more_count, 0) AS BIGINT) AS list_ends_with_more_count,
       -- Share of the matching projects whose technology list is published (ended H30 projects have none).
       round(100.0 * coalesce(c.project_count, 0)
             / nullif((SELECT sum(project_count) FROM combinations), 0), 1) AS share_of_matching_pct
FROM technologies AS t
LEFT JOIN counted AS c USING (technology)
ORDER BY project_count DESC, t.display_order;
