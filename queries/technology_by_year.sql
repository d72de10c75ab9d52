-- How many of the matching projects use each technology, by the fiscal year they were selected in?
-- Every technology × selection year (of the year filter, if any) has a row; 0 means none of the matching projects.
-- Projects are first counted per year and combination of technologies (tech_bits, see queries/_filtered_projects.sql);
-- each technology and year then sums that year's combinations holding its bit, in one join and one grouping (a
-- grouping per technology and year joined back to the grid cost DuckDB two more operators to plan).
WITH combinations AS (
    SELECT selected_fy AS fiscal_year, tech_bits, count(*) AS project_count
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
    WHERE tech_bits <> 0
    GROUP BY selected_fy, tech_bits
)
SELECT t.technology,
       t.display_order,
       y.fiscal_year,
       y.fiscal_year_label,
       CAST(coalesce(sum(c.project_count) FILTER (WHERE (c.tech_bits & t.bit) <> 0), 0) AS BIGINT) AS project_count
FROM technologies_with_bits AS t
CROSS JOIN program_selections AS y  -- one row per program and year (pipeline/checks.py)
LEFT JOIN combinations AS c ON c.fiscal_year = y.fiscal_year
WHERE y.program = '未来技術社会実装事業'
  AND (len($fy) = 0 OR list_contains($fy::INTEGER[], y.fiscal_year))
GROUP BY t.technology, t.display_order, y.fiscal_year, y.fiscal_year_label
ORDER BY t.display_order, y.fiscal_year;
