-- What did the survey of 001 p.4 report, value by value, with its base N and how each value was paired with its item?
WITH responses AS (
    SELECT survey, survey_order, value_order, item, measure, respondents_count, share_pct_published,
           base_n, base_unit, pairing, source_id, source_page, notes
    FROM survey_responses
),
labelled AS (
    -- The item of an 'unlabelled' value is unknown: it is shown as 「項目名不明」, never dropped.
    SELECT *,
           coalesce(item, '項目名不明') AS item_label,
           pairing = 'inferred' AS is_pairing_inferred,
           pairing = 'unlabelled' AS is_item_unknown,
           round(100.0 * respondents_count / base_n, 1) AS count_share_of_base_n_pct
    FROM responses
)
SELECT survey, survey_order, value_order, item, item_label, measure, respondents_count, share_pct_published,
       base_n, base_unit, count_share_of_base_n_pct, pairing, is_pairing_inferred, is_item_unknown,
       source_id, source_page, notes
FROM labelled
ORDER BY survey_order, value_order;
