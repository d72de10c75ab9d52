-- In each region (地方), how many of the matching projects with an applicant area there use each technology?
-- A project counts once in every region it has an area in; regions come in JIS code order (北海道 … 九州・沖縄).
-- Projects are first counted per region and combination of technologies (tech_bits, see
-- queries/_filtered_projects.sql): a handful of rows, whatever the number of projects. The regions beside the
-- technologies (region_technologies) are made when the snapshot is loaded; each of those rows sums the combinations
-- of its region that hold its technology's bit (a grid made per call, and its join to the sums, took a fifth of the
-- question's time on the real snapshot).
WITH combinations AS (
    SELECT region, tech_bits, is_listed, count(*) AS project_count
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    WHERE is_first_in_region
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
    SELECT g.region, g.region_order, g.technology, g.display_order,
           CAST(coalesce(sum(c.project_count), 0) AS BIGINT) AS project_count
    FROM region_technologies AS g
    LEFT JOIN combinations AS c ON c.region = g.region AND (c.tech_bits & g.bit) <> 0
    GROUP BY g.region, g.region_order, g.technology, g.display_order
)
SELECT c.region,
       c.region_order,
       coalesce(rt.region_project_count, 0) AS region_project_count,
       coalesce(rt.region_listed_count, 0) AS region_listed_count,
       c.technology,
       c.display_order,
       c.project_count,
       round(100.0 * c.project_count / nullif(rt.region_listed_count, 0), 1) AS share_of_region_pct
FROM counted AS c
LEFT JOIN region_totals AS rt ON rt.region = c.region
ORDER BY c.region_order, c.display_order;
