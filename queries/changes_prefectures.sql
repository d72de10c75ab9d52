-- Which prefectures have supported projects (an applicant area there) according to each of two snapshots,
-- and which are newly covered or no longer covered?
WITH earlier_covered AS (
    SELECT a.pref_code, count(DISTINCT p.project_id) AS project_count,
           list_sort(list(DISTINCT p.source_id || ':' || CAST(p.source_page AS VARCHAR))) AS source_refs
    FROM earlier.projects AS p
    JOIN earlier.project_areas AS a USING (project_id)
    WHERE p.status = 'supported'
    GROUP BY a.pref_code
),
later_covered AS (
    SELECT a.pref_code, count(DISTINCT p.project_id) AS project_count,
           list_sort(list(DISTINCT p.source_id || ':' || CAST(p.source_page AS VARCHAR))) AS source_refs
    FROM later.projects AS p
    JOIN later.project_areas AS a USING (project_id)
    WHERE p.status = 'supported'
    GROUP BY a.pref_code
),
compared AS (
    SELECT r.pref_code, r.pref_name, r.pref_name_en, r.region,
           CAST(coalesce(e.project_count, 0) AS INTEGER) AS earlier_project_count,
           CAST(coalesce(l.project_count, 0) AS INTEGER) AS later_project_count,
           coalesce(e.source_refs, []) AS earlier_sources,
           coalesce(l.source_refs, []) AS later_sources
    FROM later.prefectures AS r
    LEFT JOIN earlier_covered AS e USING (pref_code)
    LEFT JOIN later_covered AS l USING (pref_code)
)
SELECT pref_code, pref_name, pref_name_en, region, earlier_project_count, later_project_count,
       CASE WHEN earlier_project_count = 0 THEN 'new'
            WHEN later_project_count = 0 THEN 'dropped'
            ELSE 'kept' END AS change,
       earlier_sources, later_sources
FROM compared
WHERE earlier_project_count > 0 OR later_project_count > 0
ORDER BY pref_code;
