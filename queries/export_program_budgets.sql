-- What budget does each program have (the whole program_budgets table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM program_budgets
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY program, fiscal_year;
