-- In each region (地方), how many of the matching projects with an applicant area there use each technology?
-- A project counts once in every region it has an area in; regions come in JIS code order (北海道 … 九州・沖縄).
-- Projects are first counted per region and combination of technologies (tech_bits, see
-- queries/_filtered_projects.sql): a handful of rows, whatever the number of projects. The regions beside the
-- technologies (region_technologies) are made when the snapshot is loaded; each of those rows sums the combinations
-- of its region: all of them (the region's projects), those with a listed technology list, and those holding its
-- technology's bit. One join and one grouping: the region totals as a second grouping of the combinations, joined
-- back, made DuckDB keep the combinations (a CTE read twice) and plan two more operators.
WITH combinations AS (
    SELECT region, tech_bits, is_listed, count(*) AS project_count
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    WHERE is_first_in_region
    GROUP BY region, tech_bits, is_listed
)
SELECT g.region,
       g.region_order,
       CAST(coalesce(sum(c.project_count), 0) AS BIGINT) AS region_project_count,
       CAST(coalesce(sum(c.project_count) FILTER (WHERE c.is_listed), 0) AS BIGINT) AS region_listed_count,
       g.technology,
       g.display_order,
       CAST(coalesce(sum(c.project_count) FILTER (WHERE (c.tech_bits & g.bit) <> 0), 0) AS BIGINT) AS project_count,
       round(100.0 * CAST(coalesce(sum(c.project_count) FILTER (WHERE (c.tech_bits & g.bit) <> 0), 0) AS BIGINT)
             / nullif(CAST(coalesce(sum(c.project_count) FILTER (WHERE c.is_listed), 0) AS BIGINT), 0), 1)
           AS share_of_region_pct
FROM region_technologies AS g
LEFT JOIN combinations AS c ON c.region = g.region
GROUP BY g.region, g.region_order, g.technology, g.display_order
ORDER BY g.region_order, g.display_order;
