-- Which support programs does the deck list (the whole programs table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM programs
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY program_order;
