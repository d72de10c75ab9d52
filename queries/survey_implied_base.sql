-- For each survey chart, what is the smallest base b (1..200) that reproduces every published percentage?
-- A value fits base b when an integer count k (0 <= k <= b) rounds to its published percentage,
-- round(100 * k / b) half up, computed in integers as (200 * k + b) // (2 * b); where the count is
-- published, k must be that count. Charts without counts thus only need each percentage to be reachable.
WITH responses AS (
    SELECT survey, survey_order, value_order, respondents_count, share_pct_published, base_n, base_unit
    FROM survey_responses
    WHERE share_pct_published IS NOT NULL
),
bases AS (
    SELECT range AS base FROM range(1, 201)
),
candidates AS (
    -- every (value, base) with the counts k that round to the value at that base: (200 * k + b) // (2 * b) = p
    -- holds exactly when (2p - 1) * b <= 200 * k < (2p + 1) * b, an interval of k (lowest_k..highest_k, within
    -- 0..b). Testing each k in 0..200 instead made 640,000 rows on every call, most of the question's time.
    SELECT r.survey,
           r.value_order,
           b.base,
           r.respondents_count,
           greatest(0, CAST(ceil((2 * r.share_pct_published - 1) * b.base / 200.0) AS BIGINT)) AS lowest_k,
           least(b.base, CAST(floor(((2 * r.share_pct_published + 1) * b.base - 1) / 200.0) AS BIGINT)) AS highest_k
    FROM responses AS r
    CROSS JOIN bases AS b
),
fitting_values AS (
    SELECT DISTINCT survey, value_order, base
    FROM candidates
    WHERE CASE WHEN respondents_count IS NULL THEN lowest_k <= highest_k
               ELSE respondents_count BETWEEN lowest_k AND highest_k END
),
survey_sizes AS (
    SELECT survey, min(survey_order) AS survey_order, count(*) AS value_count,
           sum(respondents_count) AS count_sum, count(respondents_count) AS counted_value_count,
           min(base_n) AS base_n, min(base_unit) AS base_unit
    FROM responses
    GROUP BY survey
),
fitting_bases AS (
    -- bases that every value of the survey fits
    SELECT f.survey, f.base
    FROM fitting_values AS f
    JOIN survey_sizes AS s USING (survey)
    GROUP BY f.survey, f.base, s.value_count
    HAVING count(*) = s.value_count
),
smallest AS (
    SELECT survey, min(base) AS implied_base_n FROM fitting_bases GROUP BY survey
)
SELECT s.survey, s.survey_order, s.base_n, s.base_unit, s.value_count, s.counted_value_count,
       CAST(s.count_sum AS INTEGER) AS count_sum,
       CAST(m.implied_base_n AS INTEGER) AS implied_base_n
FROM survey_sizes AS s
LEFT JOIN smallest AS m USING (survey)
ORDER BY s.survey_order;
