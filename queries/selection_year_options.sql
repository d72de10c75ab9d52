-- Which fiscal years did the program select projects in?
SELECT fiscal_year, fiscal_year_label
FROM program_selections
WHERE program = '未来技術社会実装事業'
ORDER BY fiscal_year;
