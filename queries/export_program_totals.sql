-- What are the program's published totals (the whole program_totals table, with notes)?
WITH published AS (
    SELECT rowid AS published_order, * FROM program_totals
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY metric;
