-- Over which fiscal years is each matching project supported: from its selection year to the last year of
-- the 5-year maximum (supported projects), or to the year by whose end it had ended (ended projects)?
WITH matching AS (
    SELECT project_id, applicant, selected_fy, selected_fy_label, status, ended_by_fy, support_max_last_fy
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
spans AS (
    SELECT *,
           selected_fy AS start_fy,
           -- ended projects: only "ended by the end of FY R3" is published, not the exact year
           CASE WHEN status = 'ended' THEN ended_by_fy ELSE support_max_last_fy END AS end_fy,
           CASE WHEN status = 'ended' THEN 'ended_by' ELSE 'max_period' END AS end_kind
    FROM matching
)
SELECT project_id, applicant, project_id || '　' || applicant AS project_label, selected_fy, selected_fy_label,
       status, start_fy, end_fy, end_kind, end_fy - start_fy + 1 AS span_years_count, ended_by_fy,
       support_max_last_fy
FROM spans
ORDER BY selected_fy, project_id;
