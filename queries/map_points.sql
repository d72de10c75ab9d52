-- Where do the applicant areas of the projects matching the filters lie: one point per location, with the
-- areas found there (areas that share a location, e.g. two projects of one town, share a point), how many projects
-- are there, and the first $row_limit of them by project id (the hover text names no more)?
-- project_ids, applicants, selected_fys and statuses are those first projects, in the same order. A project is
-- counted once per point (is_first_at_location, made when the snapshot is loaded: queries/_filtered_projects.sql);
-- the projects' id lists themselves took most of the 180 ms a call at 10,000x the data (bench/synthetic.py).
-- Only numbers and codes are read for every matching area (id_order: the project's place in id order); names are
-- read for the areas found (areas_with_counts) and the first projects (projects_with_area_keys): reading and
-- hashing the names of every row took half the time at 10,000x.
WITH matching_areas AS (
    SELECT lat, lon, area_code, is_first_at_location, id_order, status
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
),
areas_at AS (
    SELECT h.lat,
           h.lon,
           min(h.area_code) AS first_area_code,
           min(a.pref_code) AS pref_code,
           list(h.area_code ORDER BY h.area_code) AS area_codes,
           list(DISTINCT CASE WHEN a.municipality_name IS NULL THEN a.pref_name
                              ELSE a.pref_name || ' ' || a.municipality_name END
                ORDER BY CASE WHEN a.municipality_name IS NULL THEN a.pref_name
                              ELSE a.pref_name || ' ' || a.municipality_name END) AS area_labels,
           bool_and(a.municipality_name IS NULL) AS is_prefecture_level_only
    FROM (SELECT DISTINCT lat, lon, area_code FROM matching_areas) AS h  -- the areas found at each point
    JOIN areas_with_counts AS a USING (area_code)
    GROUP BY h.lat, h.lon
),
projects_at AS (
    SELECT lat,
           lon,
           min(id_order, $row_limit) AS first_ids,  -- the $row_limit smallest project ids
           CAST(count(*) AS INTEGER) AS project_count,
           CAST(count(*) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(*) FILTER (WHERE status = 'ended') AS INTEGER) AS ended_count
    FROM matching_areas
    WHERE is_first_at_location
    GROUP BY lat, lon
),
first_projects AS (
    SELECT f.lat,
           f.lon,
           list(p.project_id ORDER BY p.id_order) AS project_ids,
           list(p.applicant ORDER BY p.id_order) AS applicants,
           list(p.selected_fy ORDER BY p.id_order) AS selected_fys,
           list(p.status ORDER BY p.id_order) AS statuses
    FROM (SELECT lat, lon, unnest(first_ids) AS id_order FROM projects_at) AS f
    JOIN projects_with_area_keys AS p USING (id_order)
    GROUP BY f.lat, f.lon
)
SELECT a.lat,
       a.lon,
       a.pref_code,
       a.area_codes,
       a.area_labels,
       f.project_ids,
       f.applicants,
       f.selected_fys,
       f.statuses,
       a.is_prefecture_level_only,
       p.project_count,
       p.supported_count,
       p.ended_count
FROM areas_at AS a
JOIN projects_at AS p USING (lat, lon)
JOIN first_projects AS f USING (lat, lon)
ORDER BY a.first_area_code;
