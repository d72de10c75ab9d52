-- How many prefectures do the matching projects' applicant areas lie in?
WITH matching AS (
    SELECT project_id FROM filtered_projects($tech, $fy, $pref, $region, $status)
)
SELECT count(DISTINCT a.pref_code) AS pref_count
FROM project_areas AS a
JOIN matching USING (project_id);
