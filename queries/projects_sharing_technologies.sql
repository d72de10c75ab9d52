-- Which other supported projects use at least one of this project's ($project_id) technologies, most shared
-- technologies first, then in JIS code order of their first applicant area?
WITH own AS (
    SELECT unnest(technologies) AS technology
    FROM projects
    WHERE project_id = $project_id
),
others AS (
    SELECT project_id, applicant, selected_fy, selected_fy_label, title, technologies, technologies_more,
           mlit_av_support, status
    FROM projects
    WHERE status = 'supported' AND project_id <> $project_id
),
shared AS (
    SELECT o.project_id,
           list(t.technology ORDER BY t.display_order) AS shared_technologies,
           CAST(count(*) AS INTEGER) AS shared_count
    FROM others AS o,
         unnest(o.technologies) AS u(technology)
    JOIN own ON own.technology = u.technology
    JOIN technologies AS t ON t.technology = u.technology
    GROUP BY o.project_id
),
first_area AS (
    SELECT project_id, area_code AS first_area_code, pref_name
    FROM project_areas
    WHERE area_order = 1
)
SELECT o.project_id,
       o.applicant,
       f.pref_name,
       f.first_area_code,
       o.selected_fy,
       o.selected_fy_label,
       o.title,
       o.technologies,
       o.technologies_more,
       o.mlit_av_support,
       o.status,
       s.shared_technologies,
       s.shared_count
FROM shared AS s
JOIN others AS o USING (project_id)
JOIN first_area AS f USING (project_id)
ORDER BY s.shared_count DESC, f.first_area_code, o.selected_fy, o.project_id;
