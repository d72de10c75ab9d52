-- Which events were held (the whole events table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM events
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY event_date, event_id;
