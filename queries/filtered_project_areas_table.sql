-- Which applicant areas (prefecture or municipality) do the matching projects name, one row per area?
WITH matching AS (
    SELECT project_id, applicant, selected_fy FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
areas AS (
    SELECT m.selected_fy, a.*, m.applicant
    FROM project_areas AS a
    JOIN matching AS m USING (project_id)
)
SELECT project_id, applicant, area_order, area_code, pref_code, pref_name, municipality_name, region, lat, lon,
       coord_basis
FROM areas
ORDER BY selected_fy, project_id, area_order;
