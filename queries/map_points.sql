-- Where do the applicant areas of the projects matching the filters lie: one point per location, with the
-- areas found there (areas that share a location, e.g. two projects of one town, share a point), how many projects
-- are there, and the first $row_limit of them by project id (the hover text names no more)?
-- project_ids, applicants, selected_fys and statuses are those first projects, in the same order. A project is
-- counted once per point (is_first_at_location, made when the snapshot is loaded: queries/_filtered_projects.sql);
-- the projects' id lists themselves took most of the 180 ms a call at 10,000x the data (bench/synthetic.py).
-- Only numbers and codes are read for every matching area (id_order: the project's place in id order; area_index:
-- the area's in area code order; point_index: the location's number); the areas' names come, by area_index, from the
-- one-row area_lookup: reading and hashing the names of every row took half the time at 10,000x, and joining
-- areas_with_counts for the areas' names cost a join and a grouping per call (about 1.5 ms of 11 on the real
-- snapshot).
-- One grouping per point reads the matching areas once: the areas found there (distinct area numbers), the projects
-- counted there (is_first_at_location) and the first projects themselves (arg_min of the four published fields by
-- id_order, one heap of $row_limit rows per point). It groups by point_index, a small integer DuckDB groups in a
-- perfect hash table. Keeping the first ids (min(id_order, n)) and then unnesting them, joining
-- projects_with_area_keys and grouping again per point cost a join and a second grouping per call: profiled on the
-- real snapshot, binding and optimising this question took about 2.3 ms of a ~6 ms call, and the second stage most of
-- the operators; without it a call took about 40% less (p50 2.9-5.3 ms vs 5.7-9.1 ms, alternating runs on a busy
-- machine). The price is at 10,000x, where the heap carries the fields for every matching row: p50 about 58 ms vs
-- 35 ms. A point without coordinates (no point_index) has no map place.
WITH points AS (
    SELECT point_index,
           any_value(lat) AS lat,  -- one location per point_index
           any_value(lon) AS lon,
           min(pref_code) AS pref_code,
           list_sort(list_distinct(list(area_index))) AS area_indexes,  -- in area code order
           bool_and(is_prefecture_level) AS is_prefecture_level_only,
           -- the $row_limit first projects by id (id_order), each counted once per point (is_first_at_location)
           arg_min({'project_id': project_id, 'applicant': applicant, 'selected_fy': selected_fy, 'status': status},
                   id_order, $row_limit) FILTER (WHERE is_first_at_location) AS first_projects,
           CAST(count(*) FILTER (WHERE is_first_at_location) AS INTEGER) AS project_count,
           CAST(count(*) FILTER (WHERE is_first_at_location AND status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(*) FILTER (WHERE is_first_at_location AND status = 'ended') AS INTEGER) AS ended_count
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    WHERE point_index IS NOT NULL
    GROUP BY point_index
)
SELECT f.lat,
       f.lon,
       f.pref_code,
       list_transform(f.area_indexes, lambda i: l.area_codes[i]) AS area_codes,
       -- areas of one point may share a label: each once, in label order
       list_sort(list_distinct(list_transform(f.area_indexes, lambda i: l.area_labels[i]))) AS area_labels,
       list_transform(f.first_projects, lambda p: p.project_id) AS project_ids,
       list_transform(f.first_projects, lambda p: p.applicant) AS applicants,
       list_transform(f.first_projects, lambda p: p.selected_fy) AS selected_fys,
       list_transform(f.first_projects, lambda p: p.status) AS statuses,
       f.is_prefecture_level_only,
       f.project_count,
       f.supported_count,
       f.ended_count
FROM points AS f
CROSS JOIN area_lookup AS l
ORDER BY f.area_indexes[1];  -- the point's first area code
