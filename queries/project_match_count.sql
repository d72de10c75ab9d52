-- How many projects match the filters, out of how many with the same status filter?
WITH matched AS (
    SELECT count(*) AS matched_count FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
status_only AS (
    -- filtered_projects([], [], [], [], $status) written out: a table macro is planned anew on every call, and this
    -- one took about half of the question's planning (dashboard/query.py writes out only the calls with all filters)
    SELECT count(*) AS total_count
    FROM projects_with_area_keys
    WHERE len($status) = 0 OR list_contains($status::VARCHAR[], status)
)
SELECT matched.matched_count, status_only.total_count
FROM matched, status_only;
