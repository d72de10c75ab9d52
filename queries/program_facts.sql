-- What do the published documents say about one topic of the program ($topic), in their order?
WITH facts AS (
    SELECT topic, fact_order, fact_text, value_number, value_unit, source_id, source_page, notes
    FROM program_facts
    WHERE topic = $topic
)
SELECT *
FROM facts
ORDER BY fact_order;
