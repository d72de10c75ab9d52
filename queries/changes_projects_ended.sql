-- Which projects supported in the earlier of two snapshots have ended in the later one, or are no longer
-- named in it (matched by project_id)? For a project no longer named, later_sources are the later lists.
WITH later_lists AS (
    SELECT coalesce(list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))), []) AS refs
    FROM later.projects
),
ended AS (
    SELECT e.project_id, e.selected_fy, e.selected_fy_label, e.applicant, e.title,
           l.status AS later_status, l.ended_by_fy, l.is_status_inferred, l.status_basis,
           [e.source_id || ':' || CAST(e.source_page AS VARCHAR)] AS earlier_sources,
           CASE WHEN l.project_id IS NULL THEN ll.refs
                ELSE [l.source_id || ':' || CAST(l.source_page AS VARCHAR)] END AS later_sources
    FROM earlier.projects AS e
    LEFT JOIN later.projects AS l USING (project_id)
    CROSS JOIN later_lists AS ll
    WHERE e.status = 'supported' AND (l.project_id IS NULL OR l.status = 'ended')
)
SELECT project_id, selected_fy, selected_fy_label, applicant, title,
       coalesce(later_status, 'not_listed') AS later_status, ended_by_fy, is_status_inferred, status_basis,
       earlier_sources, later_sources
FROM ended
ORDER BY selected_fy, project_id;
