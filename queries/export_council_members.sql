-- Who sits on the councils (the whole council_members table, in published order)?
WITH published AS (
    SELECT rowid AS published_order, * FROM council_members
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY published_order;
