-- Which technologies do the supported projects use according to each of two snapshots, and which are newly
-- covered or no longer covered? 'not_comparable' when a snapshot records no project's technologies at all.
WITH earlier_known AS (
    SELECT project_id, technologies, source_id || ':' || CAST(source_page AS VARCHAR) AS source_ref
    FROM earlier.projects
    WHERE status = 'supported' AND technologies IS NOT NULL
),
later_known AS (
    SELECT project_id, technologies, source_id || ':' || CAST(source_page AS VARCHAR) AS source_ref
    FROM later.projects
    WHERE status = 'supported' AND technologies IS NOT NULL
),
earlier_used AS (
    SELECT technology, count(DISTINCT project_id) AS project_count
    FROM (SELECT project_id, unnest(technologies) AS technology FROM earlier_known)
    GROUP BY technology
),
later_used AS (
    SELECT technology, count(DISTINCT project_id) AS project_count
    FROM (SELECT project_id, unnest(technologies) AS technology FROM later_known)
    GROUP BY technology
),
vocabulary AS (
    SELECT technology, technology_en, display_order FROM later.technologies
    UNION ALL
    SELECT technology, technology_en, 1000 + display_order FROM earlier.technologies
    WHERE technology NOT IN (SELECT technology FROM later.technologies)
),
known AS (
    SELECT (SELECT count(*) FROM earlier_known) AS earlier_known_count,
           (SELECT count(*) FROM later_known) AS later_known_count,
           (SELECT list_sort(list(DISTINCT source_ref)) FROM earlier_known) AS earlier_sources,
           (SELECT list_sort(list(DISTINCT source_ref)) FROM later_known) AS later_sources
),
compared AS (
    SELECT v.technology, v.technology_en, v.display_order,
           CAST(coalesce(e.project_count, 0) AS INTEGER) AS earlier_project_count,
           CAST(coalesce(l.project_count, 0) AS INTEGER) AS later_project_count,
           CAST(k.earlier_known_count AS INTEGER) AS earlier_known_count,
           CAST(k.later_known_count AS INTEGER) AS later_known_count,
           coalesce(k.earlier_sources, []) AS earlier_sources,
           coalesce(k.later_sources, []) AS later_sources
    FROM vocabulary AS v
    CROSS JOIN known AS k
    LEFT JOIN earlier_used AS e USING (technology)
    LEFT JOIN later_used AS l USING (technology)
)
SELECT technology, technology_en, earlier_project_count, later_project_count,
       later_project_count - earlier_project_count AS project_count_change,
       CASE WHEN earlier_known_count = 0 OR later_known_count = 0 THEN 'not_comparable'
            WHEN earlier_project_count = 0 AND later_project_count > 0 THEN 'new'
            WHEN earlier_project_count > 0 AND later_project_count = 0 THEN 'dropped'
            ELSE 'kept' END AS change,
       earlier_known_count, later_known_count, earlier_sources, later_sources
FROM compared
WHERE earlier_project_count > 0 OR later_project_count > 0
ORDER BY display_order;
