-- Which applicant areas (prefecture or municipality) do the matching projects name, one row per area (the first
-- $row_limit in table order; the data page says how many it left out, filtered_table_row_counts.sql)?
-- project_areas_with_keys is stored in table_order (selection year, project id, area order, made when the snapshot is
-- loaded, _filtered_projects.sql): the first $row_limit matching rows in storage order are the first in table order,
-- and the scan stops there (DuckDB keeps insertion order, preserve_insertion_order). Sorting every matching row by
-- table_order, or finding the first positions and joining the table again for their rows, read every match: 35 -> 24
-- ms of CPU at 10,000x (bench/synthetic.py), 1.8 -> 1.2 ms on the real snapshot.
SELECT project_id, applicant, area_order, area_code, pref_code, pref_name, municipality_name, region, lat, lon,
       coord_basis
FROM (
    SELECT project_id, applicant, area_order, area_code, pref_code, pref_name, municipality_name, region, lat, lon,
           coord_basis, table_order
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    LIMIT $row_limit  -- the first rows in storage order, which is table_order
)
ORDER BY table_order;
