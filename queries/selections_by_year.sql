-- How many projects were selected each fiscal year, how many are still supported or ended,
-- and how many of them match the filters?
-- The published counts and the named projects per year are made once per snapshot (queries/_filtered_projects.sql,
-- selections_per_year); only the matching projects are counted here.
WITH matching AS (
    SELECT selected_fy AS fiscal_year, count(*) AS matching_count
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    GROUP BY selected_fy
)
SELECT y.fiscal_year,
       y.fiscal_year_label,
       y.selected_count,
       y.count_basis,
       y.cumulative_selected_count,
       y.supported_count,
       y.ended_count,
       y.ended_named_count,
       y.ended_unnamed_count,
       coalesce(m.matching_count, 0) AS matching_count
FROM selections_per_year AS y
LEFT JOIN matching AS m USING (fiscal_year)
ORDER BY y.fiscal_year;
