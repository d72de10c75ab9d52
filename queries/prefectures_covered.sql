-- How many prefectures do the matching projects' applicant areas lie in?
WITH matching_areas AS (
    SELECT pref_code FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
)
SELECT count(DISTINCT pref_code) AS pref_count
FROM matching_areas;
