-- How many projects did each program select per fiscal year (the whole program_selections table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM program_selections
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY program, fiscal_year;
