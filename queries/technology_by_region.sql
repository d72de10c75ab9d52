-- In each region (地方), how many of the matching projects with an applicant area there use each technology?
-- A project counts once in every region it has an area in; regions come in JIS code order (北海道 … 九州・沖縄).
-- Projects are first counted per region and combination of technologies (tech_bits, see
-- queries/_filtered_projects.sql): a handful of rows, whatever the number of projects.
WITH matching_in_region AS (
    SELECT region, tech_bits, is_listed
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    WHERE is_first_in_region
),
regions AS (
    SELECT region, CAST(min(pref_code) AS INTEGER) AS region_order
    FROM prefectures
    GROUP BY region
),
combinations AS (
    SELECT region, tech_bits, is_listed, count(*) AS project_count
    FROM matching_in_region
    GROUP BY region, tech_bits, is_listed
),
region_totals AS (
    SELECT region,
           CAST(sum(project_count) AS BIGINT) AS region_project_count,
           CAST(coalesce(sum(project_count) FILTER (WHERE is_listed), 0) AS BIGINT) AS region_listed_count
    FROM combinations
    GROUP BY region
),
counted AS (
    SELECT c.region, t.technology, sum(c.project_count) AS project_count
    FROM technologies_with_bits AS t
    JOIN combinations AS c ON (c.tech_bits & t.bit) <> 0
    GROUP BY c.region, t.technology
)
SELECT r.region,
       r.region_order,
       coalesce(rt.region_project_count, 0) AS region_project_count,
       coalesce(rt.region_listed_count, 0) AS region_listed_count,
       t.technology,
       t.display_order,
       CAST(coalesce(c.project_count, 0) AS BIGINT) AS project_count,
       round(100.0 * coalesce(c.project_count, 0) / nullif(rt.region_listed_count, 0), 1) AS share_of_region_pct
FROM regions AS r
CROSS JOIN technologies AS t
LEFT JOIN region_totals AS rt ON rt.region = r.region
LEFT JOIN counted AS c ON c.region = r.region AND c.technology = t.technology
ORDER BY r.region_order, t.display_order;
