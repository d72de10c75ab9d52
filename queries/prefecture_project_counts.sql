-- How many projects matching the filters lie in each prefecture (all 47, JIS order; a project counts once per prefecture)?
WITH matching_in_prefecture AS (
    SELECT pref_code
    FROM filtered_project_areas($tech, $fy, $pref, $region, $status)
    WHERE is_first_in_pref
),
counted AS (
    SELECT pref_code, count(*) AS project_count
    FROM matching_in_prefecture
    GROUP BY pref_code
)
SELECT p.pref_code,
       p.pref_name,
       p.region,
       CAST(coalesce(c.project_count, 0) AS INTEGER) AS project_count
FROM prefectures AS p
LEFT JOIN counted AS c USING (pref_code)
ORDER BY p.pref_code;
