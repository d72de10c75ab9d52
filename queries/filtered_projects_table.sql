-- Which projects match the filters, with their technologies and applicant areas written out as text?
WITH matching AS (
    SELECT * FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
areas AS (
    SELECT a.project_id,
           string_agg(a.pref_name || coalesce(a.municipality_name, ''), '、' ORDER BY a.area_order) AS area_names,
           string_agg(a.area_code, '、' ORDER BY a.area_order) AS area_codes
    FROM project_areas AS a
    JOIN matching USING (project_id)
    GROUP BY a.project_id
)
SELECT m.project_id, m.applicant, a.area_names, a.area_codes, m.selected_fy, m.selected_fy_label, m.title,
       array_to_string(m.technologies, '、') AS technologies_text, m.technologies_more, m.mlit_av_support,
       m.status, m.is_status_inferred, m.status_basis, m.ended_by_fy, m.support_max_last_fy, m.list_no,
       m.source_id, m.source_page, m.title_source_id, m.title_source_page, m.notes
FROM matching AS m
LEFT JOIN areas AS a USING (project_id)
ORDER BY m.selected_fy, m.project_id;
