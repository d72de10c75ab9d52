-- Which projects name this applicant area ($area_code: 2-digit prefecture or 5-digit municipality code), with
-- everything the municipality dossier shows about each?
WITH in_area AS (
    SELECT DISTINCT project_id
    FROM project_areas
    WHERE area_code = $area_code
),
all_areas AS (
    SELECT a.project_id,
           list(CASE WHEN a.municipality_name IS NULL THEN a.pref_name
                     ELSE a.pref_name || ' ' || a.municipality_name END ORDER BY a.area_order) AS area_labels,
           list(a.area_code ORDER BY a.area_order) AS area_codes
    FROM project_areas AS a
    JOIN in_area USING (project_id)
    GROUP BY a.project_id
)
SELECT p.project_id,
       p.applicant,
       a.area_labels,
       a.area_codes,
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
FROM projects AS p
JOIN all_areas AS a USING (project_id)
ORDER BY p.selected_fy, p.project_id;
