-- Which applicant areas (prefecture or municipality) do the matching projects name, one row per area (the first
-- $row_limit in table order; the data page says how many it left out, filtered_table_row_counts.sql)?
-- The first rows are found on their position alone (table_order: selection year, project id, area order, made when
-- the snapshot is loaded, _filtered_projects.sql), then only those rows are read in full.
WITH matching_areas AS (
    SELECT table_order FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
),
first_rows AS (
    SELECT table_order
    FROM matching_areas
    ORDER BY table_order
    LIMIT $row_limit
)
SELECT a.project_id, a.applicant, a.area_order, a.area_code, a.pref_code, a.pref_name, a.municipality_name, a.region,
       a.lat, a.lon, a.coord_basis
FROM project_areas_with_keys AS a
JOIN first_rows USING (table_order)
ORDER BY a.table_order;
