-- The chosen technologies, prefectures and regions as the bit masks of queries/_filtered_projects.sql. Asked once per
-- filter set and kept (dashboard/query.py Database): a question then compares its rows' bits with these numbers,
-- instead of binding the list-to-bits macros on every call (about half of a question's planning time).
SELECT technology_bits($tech) AS tech_mask,
       prefecture_bits($pref) AS pref_mask,
       region_bits($region) AS region_mask;
