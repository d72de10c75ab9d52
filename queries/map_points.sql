-- Where do the applicant areas of the projects matching the filters lie: one point per location, with the
-- areas found there (areas that share a location, e.g. two projects of one town, share a point), how many projects
-- are there, and the first $row_limit of them by project id (the hover text names no more)?
-- project_ids, applicants, selected_fys and statuses are those first projects, in the same order. A project is
-- counted once per point (is_first_at_location, made when the snapshot is loaded: queries/_filtered_projects.sql);
-- the projects' id lists themselves took most of the 180 ms a call at 10,000x the data (bench/synthetic.py).
-- Only numbers and codes are read for every matching area (id_order: the project's place in id order; area_index:
-- the area's in area code order); names are read for the first projects (projects_with_area_keys) and, by
-- area_index, from the one-row area_lookup: reading and hashing the names of every row took half the time at
-- 10,000x, and joining areas_with_counts for the areas' names cost a join and a grouping per call (about 1.5 ms of
-- 11 on the real snapshot).
WITH matching_areas AS (
    SELECT lat, lon, area_index, pref_code, is_prefecture_level, is_first_at_location, id_order, status
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
),
areas_at AS (
    SELECT lat,
           lon,
           min(pref_code) AS pref_code,
           list(area_index ORDER BY area_index) AS area_indexes,  -- in area code order
           bool_and(is_prefecture_level) AS is_prefecture_level_only
    FROM (SELECT DISTINCT lat, lon, area_index, pref_code, is_prefecture_level FROM matching_areas)  -- the areas found
    GROUP BY lat, lon
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
       list_transform(a.area_indexes, lambda i: l.area_codes[i]) AS area_codes,
       -- areas of one point may share a label: each once, in label order
       list_sort(list_distinct(list_transform(a.area_indexes, lambda i: l.area_labels[i]))) AS area_labels,
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
CROSS JOIN area_lookup AS l
ORDER BY a.area_indexes[1];  -- the point's first area code
