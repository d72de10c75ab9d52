-- Which projects matching the filters lie in each prefecture (one row per prefecture and project, JIS code order)?
WITH matching AS (
    SELECT project_id, applicant, selected_fy, selected_fy_label, title, technologies, technologies_more,
           mlit_av_support, status, is_status_inferred, source_id, source_page, title_source_id, title_source_page
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
areas_in_prefecture AS (
    SELECT a.pref_code,
           a.pref_name,
           a.project_id,
           min(a.area_code) AS first_area_code,
           list(a.area_code ORDER BY a.area_code) AS area_codes,
           list(CASE WHEN a.municipality_name IS NULL THEN a.pref_name
                     ELSE a.pref_name || ' ' || a.municipality_name END ORDER BY a.area_code) AS area_labels
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status) AS a
    GROUP BY a.pref_code, a.pref_name, a.project_id
)
SELECT p.pref_code,
       p.pref_name,
       m.project_id,
       m.applicant,
       p.area_codes,
       p.area_labels,
       m.selected_fy,
       m.selected_fy_label,
       m.title,
       m.technologies,
       m.technologies_more,
       m.mlit_av_support,
       m.status,
       m.is_status_inferred,
       m.source_id,
       m.source_page,
       m.title_source_id,
       m.title_source_page
FROM areas_in_prefecture AS p
JOIN matching AS m USING (project_id)
ORDER BY p.pref_code, p.first_area_code, m.selected_fy, m.project_id;
