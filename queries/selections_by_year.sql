-- How many projects were selected each fiscal year, how many are still supported or ended,
-- and how many of them match the filters?
WITH published AS (
    SELECT fiscal_year, fiscal_year_label, selected_count, count_basis
    FROM program_selections
    WHERE program = '未来技術社会実装事業'
),
named AS (
    SELECT selected_fy AS fiscal_year,
           count(*) FILTER (WHERE status = 'supported') AS supported_count,
           count(*) FILTER (WHERE status = 'ended') AS ended_named_count
    FROM projects
    GROUP BY selected_fy
),
matching AS (
    SELECT selected_fy AS fiscal_year, count(*) AS matching_count
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    GROUP BY selected_fy
)
SELECT p.fiscal_year,
       p.fiscal_year_label,
       p.selected_count,
       p.count_basis,
       CAST(sum(p.selected_count) OVER (ORDER BY p.fiscal_year) AS INTEGER) AS cumulative_selected_count,
       coalesce(n.supported_count, 0) AS supported_count,
       p.selected_count - coalesce(n.supported_count, 0) AS ended_count,
       coalesce(n.ended_named_count, 0) AS ended_named_count,
       p.selected_count - coalesce(n.supported_count, 0) - coalesce(n.ended_named_count, 0) AS ended_unnamed_count,
       coalesce(m.matching_count, 0) AS matching_count
FROM published AS p
LEFT JOIN named AS n USING (fiscal_year)
LEFT JOIN matching AS m USING (fiscal_year)
ORDER BY p.fiscal_year;
