-- Over which fiscal years is each matching project supported: from its selection year to the last year of
-- the 5-year maximum (supported projects), or to the year by whose end it had ended (ended projects)? The first
-- $row_limit projects in selection order; row_count, supported_count, ended_count and last_ended_by_fy are of all
-- the matching projects (a chart of 450,000 bars at 10,000x the data took 0.6 s to ask and could not be drawn).
-- The matching projects are read for their position and counts only; the first $row_limit are then read in full
-- (the applicants of every matching project were kept for the two passes over them: half the time at 10,000x).
WITH matching AS (
    SELECT table_order, status, ended_by_fy
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
totals AS (
    SELECT CAST(count(*) AS INTEGER) AS row_count,
           CAST(count(*) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count,
           CAST(count(*) FILTER (WHERE status = 'ended') AS INTEGER) AS ended_count,
           max(ended_by_fy) AS last_ended_by_fy
    FROM matching
),
first_ones AS (
    SELECT p.project_id, p.applicant, p.selected_fy, p.selected_fy_label, p.status, p.ended_by_fy,
           p.support_max_last_fy, p.table_order
    FROM (SELECT table_order
          FROM matching
          ORDER BY table_order  -- selection year, then project id (queries/_filtered_projects.sql)
          LIMIT $row_limit) AS f
    JOIN projects_with_area_keys AS p USING (table_order)
),
spans AS (
    SELECT *,
           selected_fy AS start_fy,
           -- ended projects: only "ended by the end of FY R3" is published, not the exact year
           CASE WHEN status = 'ended' THEN ended_by_fy ELSE support_max_last_fy END AS end_fy,
           CASE WHEN status = 'ended' THEN 'ended_by' ELSE 'max_period' END AS end_kind
    FROM first_ones, totals
)
SELECT project_id, applicant, project_id || '　' || applicant AS project_label, selected_fy, selected_fy_label,
       status, start_fy, end_fy, end_kind, end_fy - start_fy + 1 AS span_years_count, ended_by_fy,
       support_max_last_fy, row_count, supported_count, ended_count, last_ended_by_fy
FROM spans
ORDER BY table_order;
