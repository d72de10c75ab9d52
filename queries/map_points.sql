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
-- One grouping per point reads the matching areas once: the areas found there (distinct area numbers) and the
-- projects counted there (is_first_at_location); a grouping of each joined on the point made DuckDB keep the
-- matching areas (a CTE read twice) and plan a join and an aggregate more. Both groupings are by point_index (made
-- at load), a small integer DuckDB groups in a perfect hash table, not by (lat, lon) in a hash table sized for many
-- rows. Interleaved calls in one process (busy machine), p50 per filter set: real snapshot about the same (two runs:
-- 8.1-8.8 -> 7.8-8.6 ms and 5.9-9.8 -> 6.0-9.4 ms); at 10,000x 14.1-50.7 -> 12.6-44.6 and 12.4-33.5 -> 12.5-30.5 ms.
-- Taking the first projects' fields in the one grouping (arg_min of a struct of them by id_order, no join and no
-- second grouping) was faster on the real snapshot (p50 6.2-6.6 ms) but not at 10,000x (p50 78 ms vs 51 by default,
-- p95 116 ms in a busy bench), where the heap handles the fields of every matching row. A point without coordinates
-- (no point_index) has no map place.
WITH points AS (
    SELECT point_index,
           any_value(lat) AS lat,  -- one location per point_index
           any_value(lon) AS lon,
           min(pref_code) AS pref_code,
           list_sort(list_distinct(list(area_index))) AS area_indexes,  -- in area code order
           bool_and(is_prefecture_level) AS is_prefecture_level_only,
           min(id_order, $row_limit) FILTER (WHERE is_first_at_location) AS first_ids,  -- the $row_limit smallest ids
           CAST(count(*) FILTER (WHERE is_first_at_location) AS INTEGER) AS project_count,
           CAST(count(*) FILTER (WHERE is_first_at_location AND status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(*) FILTER (WHERE is_first_at_location AND status = 'ended') AS INTEGER) AS ended_count
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    WHERE point_index IS NOT NULL
    GROUP BY point_index
),
first_projects AS (
    SELECT f.point_index,
           any_value(f.lat) AS lat,
           any_value(f.lon) AS lon,
           any_value(f.pref_code) AS pref_code,
           any_value(f.area_indexes) AS area_indexes,
           any_value(f.is_prefecture_level_only) AS is_prefecture_level_only,
           any_value(f.project_count) AS project_count,
           any_value(f.supported_count) AS supported_count,
           any_value(f.ended_count) AS ended_count,
           list(p.project_id ORDER BY p.id_order) AS project_ids,
           list(p.applicant ORDER BY p.id_order) AS applicants,
           list(p.selected_fy ORDER BY p.id_order) AS selected_fys,
           list(p.status ORDER BY p.id_order) AS statuses
    FROM (SELECT point_index, lat, lon, pref_code, area_indexes, is_prefecture_level_only, project_count,
                 supported_count, ended_count, unnest(first_ids) AS id_order
          FROM points) AS f
    JOIN projects_with_area_keys AS p USING (id_order)
    GROUP BY f.point_index
)
SELECT f.lat,
       f.lon,
       f.pref_code,
       list_transform(f.area_indexes, lambda i: l.area_codes[i]) AS area_codes,
       -- areas of one point may share a label: each once, in label order
       list_sort(list_distinct(list_transform(f.area_indexes, lambda i: l.area_labels[i]))) AS area_labels,
       f.project_ids,
       f.applicants,
       f.selected_fys,
       f.statuses,
       f.is_prefecture_level_only,
       f.project_count,
       f.supported_count,
       f.ended_count
FROM first_projects AS f
CROSS JOIN area_lookup AS l
ORDER BY f.area_indexes[1];  -- the point's first area code
