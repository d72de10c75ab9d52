-- How many of the matching projects use each technology, by the fiscal year they were selected in?
-- Every technology × selection year (of the year filter, if any) has a row; 0 means none of the matching projects.
-- Projects are first counted per year and combination of technologies (tech_bits, see queries/_filtered_projects.sql).
WITH matching AS (
    SELECT project_id, selected_fy, tech_bits
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
years AS (
    SELECT fiscal_year, fiscal_year_label
    FROM program_selections
    WHERE program = '未来技術社会実装事業'
      AND (len($fy) = 0 OR list_contains($fy::INTEGER[], fiscal_year))
),
combinations AS (
    SELECT selected_fy AS fiscal_year, tech_bits, count(*) AS project_count
    FROM matching
    WHERE tech_bits <> 0
    GROUP BY selected_fy, tech_bits
),
counted AS (
    SELECT t.technology, c.fiscal_year, sum(c.project_count) AS project_count
    FROM technologies_with_bits AS t
    JOIN combinations AS c ON (c.tech_bits & t.bit) <> 0
    GROUP BY t.technology, c.fiscal_year
)
SELECT t.technology,
       t.display_order,
       y.fiscal_year,
       y.fiscal_year_label,
       CAST(coalesce(c.project_count, 0) AS BIGINT) AS project_count
FROM technologies AS t
CROSS JOIN years AS y
LEFT JOIN counted AS c ON c.technology = t.technology AND c.fiscal_year = y.fiscal_year
ORDER BY t.display_order, y.fiscal_year;
