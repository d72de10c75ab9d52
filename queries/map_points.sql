-- Where do the applicant areas of the projects matching the filters lie: one point per location, with the
-- areas found there (areas that share a location, e.g. two projects of one town, share a point), how many projects
-- are there, and the first $row_limit of them by project id (the hover text names no more)?
-- project_ids, applicants, selected_fys and statuses are those first projects, in the same order. A project is
-- counted once per point (is_first_at_location, made when the snapshot is loaded: queries/_filtered_projects.sql);
-- the projects' id lists themselves took most of the 180 ms a call at 10,000x the data (bench/synthetic.py).
WITH matching_areas AS (
    SELECT lat, lon, area_code, pref_code, pref_name, municipality_name, is_first_at_location, project_id,
           applicant, selected_fy, status
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
),
areas_at AS (
    SELECT lat,
           lon,
           min(area_code) AS first_area_code,
           min(pref_code) AS pref_code,
           list(DISTINCT area_code ORDER BY area_code) AS area_codes,
           list(DISTINCT area_label ORDER BY area_label) AS area_labels,
           bool_and(municipality_name IS NULL) AS is_prefecture_level_only
    FROM (SELECT *,  -- the label made for each area once, not for each of its rows (half the time at 10,000x)
                 CASE WHEN municipality_name IS NULL THEN pref_name
                      ELSE pref_name || ' ' || municipality_name END AS area_label
          FROM (SELECT DISTINCT lat, lon, area_code, pref_code, pref_name, municipality_name FROM matching_areas))
    GROUP BY lat, lon
),
projects_at AS (
    SELECT lat,
           lon,
           -- the $row_limit smallest project ids with what the hover text says of each
           arg_min({'project_id': project_id, 'applicant': applicant, 'selected_fy': selected_fy, 'status': status},
                   project_id, $row_limit) AS first_projects,
           CAST(count(*) AS INTEGER) AS project_count,
           CAST(count(*) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(*) FILTER (WHERE status = 'ended') AS INTEGER) AS ended_count
    FROM matching_areas
    WHERE is_first_at_location
    GROUP BY lat, lon
)
SELECT a.lat,
       a.lon,
       a.pref_code,
       a.area_codes,
       a.area_labels,
       list_transform(p.first_projects, lambda x: x.project_id) AS project_ids,
       list_transform(p.first_projects, lambda x: x.applicant) AS applicants,
       list_transform(p.first_projects, lambda x: x.selected_fy) AS selected_fys,
       list_transform(p.first_projects, lambda x: x.status) AS statuses,
       a.is_prefecture_level_only,
       p.project_count,
       p.supported_count,
       p.ended_count
FROM areas_at AS a
JOIN projects_at AS p USING (lat, lon)
ORDER BY a.first_area_code;
