-- Which projects name this applicant area ($area_code: 2-digit prefecture or 5-digit municipality code), with
-- everything the municipality dossier shows about each?
WITH in_area AS (
    SELECT DISTINCT project_id
    FROM project_areas
    WHERE area_code = $area_code
)
-- area_labels / area_codes: each project's areas in the applicant's order, made when the snapshot is loaded
-- (_filtered_projects.sql)
SELECT p.project_id,
       p.applicant,
       p.area_labels,
       p.area_codes,
       p.selected_fy,
       p.selected_fy_label,
       p.title,
       p.technologies,
       p.technologies_more,
       p.mlit_av_support,
       p.status,
       p.is_status_inferred,
       p.status_basis,
       p.ended_by_fy,
       p.support_max_last_fy,
       p.source_id,
       p.source_page,
       p.title_source_id,
       p.title_source_page
FROM projects_with_area_keys AS p
JOIN in_area USING (project_id)
ORDER BY p.table_order;  -- selection year, then project id
