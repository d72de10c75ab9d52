-- Which projects match the filters (the first $row_limit in table order), with their technologies and applicant areas
-- written out as text? The data page shows and downloads at most $row_limit rows and says how many it left out
-- (filtered_table_row_counts.sql).
-- projects_with_area_keys is stored in table_order (selection year, then project id): the first $row_limit matching
-- rows in storage order are the first in table order, and the scan stops there (DuckDB keeps insertion order,
-- preserve_insertion_order). Finding the first positions and joining the table again for their rows read every
-- match: 59 -> 47 ms of CPU at 10,000x (bench/synthetic.py), 4.0 -> 3.0 ms on the real snapshot. area_names /
-- area_codes_text: each project's areas in the applicant's order. Both are made when the snapshot is loaded
-- (_filtered_projects.sql).
SELECT project_id, applicant, area_names, area_codes, selected_fy, selected_fy_label, title, technologies_text,
       technologies_more, mlit_av_support, status, is_status_inferred, status_basis, ended_by_fy, support_max_last_fy,
       list_no, source_id, source_page, title_source_id, title_source_page, notes
FROM (
    SELECT project_id, applicant, area_names, area_codes_text AS area_codes, selected_fy, selected_fy_label, title,
           array_to_string(technologies, '、') AS technologies_text, technologies_more, mlit_av_support, status,
           is_status_inferred, status_basis, ended_by_fy, support_max_last_fy, list_no, source_id, source_page,
           title_source_id, title_source_page, notes, table_order
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    LIMIT $row_limit  -- the first rows in storage order, which is table_order
)
ORDER BY table_order;
