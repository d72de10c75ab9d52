-- Which selected projects have ended support and are named in the sources, and how do we know they ended? The first
-- $row_limit in selection order; row_count says how many there are in all (50,000 at 10,000x the data,
-- bench/synthetic.py, which no list of prose can show and which took 0.3 s to ask).
WITH ended AS (
    SELECT project_id, selected_fy, selected_fy_label, applicant, title, is_status_inferred, status_basis,
           ended_by_fy, title_source_id, title_source_page, table_order,
           CAST(count(*) OVER () AS INTEGER) AS row_count
    FROM projects_with_area_keys  -- table_order: selection year, then project id (_filtered_projects.sql)
    WHERE status = 'ended'
    ORDER BY table_order
    LIMIT $row_limit
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
       title_source_page,
       row_count
FROM ended
ORDER BY table_order;
