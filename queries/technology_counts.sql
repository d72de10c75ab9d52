-- How many of the matching projects use each technology?
WITH matching AS (
    SELECT project_id, technologies, technologies_more
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
uses AS (
    SELECT project_id, technologies_more, unnest(technologies) AS technology
    FROM matching
),
counted AS (
    SELECT technology,
           count(*) AS project_count,
           count(*) FILTER (WHERE technologies_more) AS list_ends_with_more_count
    FROM uses
    GROUP BY technology
)
SELECT t.technology,
       t.technology_en,
       t.display_order,
       coalesce(c.project_count, 0) AS project_count,
       coalesce(c.list_ends_with_more_count, 0) AS list_ends_with_more_count,
       -- Share of the matching projects whose technology list is published (ended H30 projects have none).
       round(100.0 * coalesce(c.project_count, 0) / nullif((SELECT count(*) FROM matching WHERE technologies IS NOT NULL), 0), 1) AS share_of_matching_pct
FROM technologies AS t
LEFT JOIN counted AS c USING (technology)
ORDER BY project_count DESC, t.display_order;
