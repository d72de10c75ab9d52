-- How many projects match the filters, out of how many with the same status filter?
WITH matched AS (
    SELECT count(*) AS matched_count FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
status_only AS (
    SELECT count(*) AS total_count FROM filtered_projects([], [], [], [], $status)
)
SELECT matched.matched_count, status_only.total_count
FROM matched, status_only;
