-- Over which fiscal years is each matching project supported: from its selection year to the last year of
-- the 5-year maximum (supported projects), or to the year by whose end it had ended (ended projects)? The first
-- $row_limit projects in selection order; row_count, supported_count, ended_count and last_ended_by_fy are of all
-- the matching projects (a chart of 450,000 bars at 10,000x the data took 0.6 s to ask and could not be drawn).
-- The matching projects are counted, and the first $row_limit of them read in storage order: projects_with_area_keys
-- is stored in table_order (selection year, then project id; queries/_filtered_projects.sql), so the scan stops
-- there (DuckDB keeps insertion order, preserve_insertion_order). Finding the positions of the first ones in the
-- counting pass and joining the table again for their rows took 5.1 -> 4.4 ms of CPU on the real snapshot and
-- 42 -> 34 ms at 10,000x the data (bench/synthetic.py).
WITH counts AS (
    SELECT CAST(count(*) AS INTEGER) AS row_count,
           CAST(count(*) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(*) FILTER (WHERE status = 'ended') AS INTEGER) AS ended_count,
           max(ended_by_fy) AS last_ended_by_fy
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
first_ones AS (
    SELECT project_id, applicant, selected_fy, selected_fy_label, status, ended_by_fy, support_max_last_fy, table_order,
           -- ended projects: only "ended by the end of FY R3" is published, not the exact year
           CASE WHEN status = 'ended' THEN ended_by_fy ELSE support_max_last_fy END AS end_fy
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    LIMIT $row_limit  -- the first rows in storage order, which is table_order
)
SELECT project_id, applicant, project_id || '　' || applicant AS project_label, selected_fy, selected_fy_label,
       status, selected_fy AS start_fy, end_fy, CASE WHEN status = 'ended' THEN 'ended_by' ELSE 'max_period' END AS end_kind,
       end_fy - selected_fy + 1 AS span_years_count, ended_by_fy, support_max_last_fy, row_count, supported_count,
       ended_count, last_ended_by_fy
FROM first_ones
CROSS JOIN counts
ORDER BY table_order;
