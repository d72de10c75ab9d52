-- Which notes (footnotes, ※ notes) do the slides print beside their facts (the whole slide_notes table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM slide_notes
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY published_order;
