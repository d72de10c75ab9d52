-- What do the documents say about the program (the whole program_facts table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM program_facts
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY published_order;
