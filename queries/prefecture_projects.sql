-- Which projects matching the filters lie in each prefecture (one row per prefecture and project, JIS code order)?
-- At most the first $row_limit of each prefecture (the 地図 page's hover text, chosen place and list show no more);
-- pref_project_count says how many the prefecture has in all, row_count how many rows there are in all.
-- The rows are made once per snapshot (queries/_filtered_projects.sql, project_prefectures, stored in this order):
-- a question finds each prefecture's first rows by their position alone (a window over every matching row took
-- three times as long at 10,000x the data, bench/synthetic.py), then reads only those rows in full.
WITH matching AS (
    SELECT list_order, pref_code
    FROM filtered_project_prefectures($tech, $fy, $pref, $region, $status)
),
per_prefecture AS (
    SELECT pref_code,
           count(*) AS pref_project_count,
           min(list_order, $row_limit) AS first_orders  -- the $row_limit smallest positions
    FROM matching
    GROUP BY pref_code
),
first_rows AS (
    SELECT unnest(first_orders) AS list_order,
           CAST(pref_project_count AS INTEGER) AS pref_project_count,
           CAST(sum(pref_project_count) OVER () AS INTEGER) AS row_count
    FROM per_prefecture
)
SELECT p.pref_code,
       p.pref_name,
       p.project_id,
       p.applicant,
       p.area_codes,
       p.area_labels,
       p.selected_fy,
       p.selected_fy_label,
       p.title,
       p.technologies,
       p.technologies_more,
       p.mlit_av_support,
       p.status,
       p.is_status_inferred,
       p.source_id,
       p.source_page,
       p.title_source_id,
       p.title_source_page,
       f.pref_project_count,
       f.row_count
FROM first_rows AS f
JOIN project_prefectures AS p USING (list_order)
ORDER BY p.list_order;  -- JIS code, first area code in the prefecture, selection year, project id
