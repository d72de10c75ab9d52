-- Where do the applicant areas of the projects matching the filters lie: one point per location, with the
-- areas and projects found there (areas that share a location, e.g. two projects of one town, share a point)?
WITH matching_areas AS (
    SELECT lat,
           lon,
           area_code,
           pref_code,
           CASE WHEN municipality_name IS NULL THEN pref_name
                ELSE pref_name || ' ' || municipality_name END AS area_label,
           municipality_name IS NULL AS is_prefecture_level,
           coord_basis,
           project_id,
           selected_fy,
           status
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
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
