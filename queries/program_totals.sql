-- What are the program's published totals (selected, supported, ended)?
SELECT metric, value_count, fiscal_year, fiscal_year_label, source_id, source_page
FROM program_totals
ORDER BY metric;
