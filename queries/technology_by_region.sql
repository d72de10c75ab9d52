-- In each region (地方), how many of the matching projects with an applicant area there use each technology?
-- A project counts once in every region it has an area in; regions come in JIS code order (北海道 … 九州・沖縄).
WITH matching AS (
    SELECT project_id, technologies
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
regions AS (
    SELECT region, CAST(min(pref_code) AS INTEGER) AS region_order
    FROM prefectures
    GROUP BY region
),
project_regions AS (
    SELECT DISTINCT a.project_id, a.region
    FROM project_areas AS a
    JOIN matching AS m USING (project_id)
),
region_totals AS (
    SELECT pr.region,
           count(*) AS region_project_count,
           count(*) FILTER (WHERE m.technologies IS NOT NULL) AS region_listed_count
    FROM project_regions AS pr
    JOIN matching AS m USING (project_id)
    GROUP BY pr.region
),
uses AS (
    SELECT pr.region, unnest(m.technologies) AS technology
    FROM project_regions AS pr
    JOIN matching AS m USING (project_id)
),
counted AS (
    SELECT region, technology, count(*) AS project_count
    FROM uses
    GROUP BY region, technology
)
SELECT r.region,
       r.region_order,
       coalesce(rt.region_project_count, 0) AS region_project_count,
       coalesce(rt.region_listed_count, 0) AS region_listed_count,
       t.technology,
       t.display_order,
       coalesce(c.project_count, 0) AS project_count,
       round(100.0 * coalesce(c.project_count, 0) / nullif(rt.region_listed_count, 0), 1) AS share_of_region_pct
FROM regions AS r
CROSS JOIN technologies AS t
LEFT JOIN region_totals AS rt ON rt.region = r.region
LEFT JOIN counted AS c ON c.region = r.region AND c.technology = t.technology
ORDER BY r.region_order, t.display_order;
