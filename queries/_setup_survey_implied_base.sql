-- Run once when a snapshot is loaded (dashboard/query.py): the rows queries/survey_implied_base.sql answers (read
-- there in survey order). They depend on the snapshot alone (no parameter); asked on every call, the 200 candidate
-- bases per published value and two groupings cost, profiled on the real snapshot, binding 1.1 ms, optimisers
-- 1.5 ms and operators 1.1 ms CPU of a ~5 ms call.
-- For each survey chart, what is the smallest base b (1..200) that reproduces every published percentage?
-- A value fits base b when an integer count k (0 <= k <= b) rounds to its published percentage,
-- round(100 * k / b) half up, computed in integers as (200 * k + b) // (2 * b); where the count is
-- published, k must be that count. Charts without counts thus only need each percentage to be reachable.
-- Every (value, base) gives the counts k that round to the value at that base: (200 * k + b) // (2 * b) = p holds
-- exactly when (2p - 1) * b <= 200 * k < (2p + 1) * b, an interval of k (lowest_k..highest_k, within 0..b). Testing
-- each k in 0..200 instead made 640,000 rows on every call, most of the question's time. A survey's values are
-- unique (survey, value_order: pipeline/checks.py), so a base fits the survey when it fits each of its rows: one
-- grouping per survey and base, then one per survey (the values fitting, the bases fitting and the survey's sizes
-- as groupings of their own, joined, cost DuckDB three joins and a CTE read twice to plan).
CREATE OR REPLACE TABLE survey_implied_bases AS
WITH candidates AS (
    SELECT r.survey,
           r.survey_order,
           r.respondents_count,
           r.base_n,
           r.base_unit,
           b.base,
           greatest(0, CAST(ceil((2 * r.share_pct_published - 1) * b.base / 200.0) AS BIGINT)) AS lowest_k,
           least(b.base, CAST(floor(((2 * r.share_pct_published + 1) * b.base - 1) / 200.0) AS BIGINT)) AS highest_k
    FROM survey_responses AS r
    CROSS JOIN (SELECT range AS base FROM range(1, 201)) AS b
    WHERE r.share_pct_published IS NOT NULL
),
per_base AS (
    SELECT survey,
           base,
           min(survey_order) AS survey_order,
           count(*) AS value_count,
           sum(respondents_count) AS count_sum,
           count(respondents_count) AS counted_value_count,
           min(base_n) AS base_n,
           min(base_unit) AS base_unit,
           bool_and(CASE WHEN respondents_count IS NULL THEN lowest_k <= highest_k
                         ELSE respondents_count BETWEEN lowest_k AND highest_k END) AS every_value_fits
    FROM candidates
    GROUP BY survey, base
)
SELECT survey,
       any_value(survey_order) AS survey_order,
       any_value(base_n) AS base_n,
       any_value(base_unit) AS base_unit,
       any_value(value_count) AS value_count,
       any_value(counted_value_count) AS counted_value_count,
       CAST(any_value(count_sum) AS INTEGER) AS count_sum,
       CAST(min(base) FILTER (WHERE every_value_fits) AS INTEGER) AS implied_base_n
FROM per_base
GROUP BY survey;
