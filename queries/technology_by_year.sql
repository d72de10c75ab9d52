-- How many of the matching projects use each technology, by the fiscal year they were selected in?
-- Every technology × selection year (of the year filter, if any) has a row; 0 means none of the matching projects.
WITH matching AS (
    SELECT project_id, selected_fy, technologies
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
years AS (
    SELECT fiscal_year, fiscal_year_label
    FROM program_selections
    WHERE program = '未来技術社会実装事業'
      AND (len($fy) = 0 OR list_contains($fy::INTEGER[], fiscal_year))
),
uses AS (
    SELECT selected_fy AS fiscal_year, unnest(technologies) AS technology
    FROM matching
),
counted AS (
    SELECT technology, fiscal_year, count(*) AS project_count
    FROM uses
    GROUP BY technology, fiscal_year
)
SELECT t.technology,
       t.display_order,
       y.fiscal_year,
       y.fiscal_year_label,
       coalesce(c.project_count, 0) AS project_count
FROM technologies AS t
CROSS JOIN years AS y
LEFT JOIN counted AS c ON c.technology = t.technology AND c.fiscal_year = y.fiscal_year
ORDER BY t.display_order, y.fiscal_year;
