-- How many rows do the data page's filtered tables have in full: the matching projects, and their applicant areas?
WITH matching AS (
    SELECT count(*) AS project_row_count
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
matching_areas AS (
    SELECT count(*) AS area_row_count
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
)
SELECT matching.project_row_count, matching_areas.area_row_count
FROM matching, matching_areas;
