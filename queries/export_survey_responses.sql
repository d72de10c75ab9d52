-- What did the survey report (the whole survey_responses table)?
WITH published AS (
    SELECT rowid AS published_order, * FROM survey_responses
)
SELECT * EXCLUDE (published_order)
FROM published
ORDER BY survey_order, value_order;
