-- Where do the applicant areas of the projects matching the filters lie: one point per location, with the
-- areas and projects found there (areas that share a location, e.g. two projects of one town, share a point)?
WITH matching AS (
    SELECT project_id, selected_fy, status
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
matching_areas AS (
    SELECT a.lat,
           a.lon,
           a.area_code,
           a.pref_code,
           CASE WHEN a.municipality_name IS NULL THEN a.pref_name
                ELSE a.pref_name || ' ' || a.municipality_name END AS area_label,
           a.municipality_name IS NULL AS is_prefecture_level,
           a.coord_basis,
           m.project_id,
           m.selected_fy,
           m.status
    FROM project_areas AS a
    JOIN matching AS m USING (project_id)
),
located AS (
    SELECT lat,
           lon,
           min(area_code) AS first_area_code,
           min(pref_code) AS pref_code,
           list(DISTINCT area_code ORDER BY area_code) AS area_codes,
           list(DISTINCT area_label ORDER BY area_label) AS area_labels,
           list(DISTINCT project_id ORDER BY project_id) AS project_ids,
           bool_and(is_prefecture_level) AS is_prefecture_level_only,
           CAST(count(DISTINCT project_id) AS INTEGER) AS project_count,
           CAST(count(DISTINCT project_id) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(DISTINCT project_id) FILTER (WHERE status = 'ended') AS INTEGER) AS ended_count
    FROM matching_areas
    GROUP BY lat, lon
)
SELECT lat, lon, pref_code, area_codes, area_labels, project_ids, is_prefecture_level_only,
       project_count, supported_count, ended_count
FROM located
ORDER BY first_area_code;
