-- Which selected projects have ended support and are named in the sources, and how do we know they ended?
WITH ended AS (
    SELECT project_id, selected_fy, selected_fy_label, applicant, title, is_status_inferred, status_basis,
           ended_by_fy, title_source_id, title_source_page, table_order
    FROM projects_with_area_keys  -- table_order: selection year, then project id (_filtered_projects.sql)
    WHERE status = 'ended'
)
SELECT project_id,
       selected_fy,
       selected_fy_label,
       applicant,
       title,
       is_status_inferred,
       status_basis,
       ended_by_fy,
       title_source_id,
       title_source_page
FROM ended
ORDER BY table_order;
