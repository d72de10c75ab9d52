-- Which projects does the later of two snapshots name that the earlier one does not (matched by project_id)?
-- earlier_sources: the earlier snapshot's project lists, where the project is absent.
WITH earlier_lists AS (
    SELECT coalesce(list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))), []) AS refs
    FROM earlier.projects
),
added AS (
    SELECT l.*
    FROM later.projects AS l
    ANTI JOIN earlier.projects AS e USING (project_id)
)
SELECT a.project_id, a.selected_fy, a.selected_fy_label, a.applicant, a.title, a.technologies, a.technologies_more,
       a.status, e.refs AS earlier_sources,
       [a.source_id || ':' || CAST(a.source_page AS VARCHAR)] AS later_sources
FROM added AS a
CROSS JOIN earlier_lists AS e
ORDER BY a.selected_fy, a.list_no, a.project_id;
