-- Which projects match the filters (the first $row_limit in table order), with their technologies and applicant areas
-- written out as text? The data page shows and downloads at most $row_limit rows and says how many it left out
-- (filtered_table_row_counts.sql).
-- The first rows are found on their position alone (table_order: selection year, then project id), then only those
-- rows are read in full. area_names / area_codes_text: each project's areas in the applicant's order. Both are made
-- when the snapshot is loaded (_filtered_projects.sql).
WITH matching AS (
    SELECT table_order FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
first_rows AS (
    SELECT table_order
    FROM matching
    ORDER BY table_order
    LIMIT $row_limit
)
SELECT m.project_id, m.applicant, m.area_names, m.area_codes_text AS area_codes, m.selected_fy, m.selected_fy_label,
       m.title, array_to_string(m.technologies, '、') AS technologies_text, m.technologies_more, m.mlit_av_support,
       m.status, m.is_status_inferred, m.status_basis, m.ended_by_fy, m.support_max_last_fy, m.list_no,
       m.source_id, m.source_page, m.title_source_id, m.title_source_page, m.notes
FROM projects_with_area_keys AS m
JOIN first_rows USING (table_order)
ORDER BY m.table_order;
