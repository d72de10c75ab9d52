-- For each survey chart, what is the smallest base b (1..200) that reproduces every published percentage?
-- The rows are made when the snapshot is loaded: queries/_setup_survey_implied_base.sql says how a base is found.
SELECT survey, survey_order, base_n, base_unit, value_count, counted_value_count, count_sum, implied_base_n
FROM survey_implied_bases
ORDER BY survey_order;
