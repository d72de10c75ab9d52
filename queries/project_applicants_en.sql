-- What is each project's applicant in English, from the official English names of its areas (in the applicant's
-- order)? A municipality is followed by its prefecture when the prefecture is not itself an applicant.
WITH areas AS (
    SELECT project_id, area_order, pref_code, pref_name_en, municipality_name_en
    FROM project_areas
),
prefecture_applicants AS (
    SELECT DISTINCT project_id, pref_code
    FROM areas
    WHERE municipality_name_en IS NULL
),
named AS (
    SELECT a.project_id,
           a.area_order,
           CASE
               WHEN a.municipality_name_en IS NULL THEN a.pref_name_en
               WHEN p.pref_code IS NULL THEN a.municipality_name_en || ', ' || a.pref_name_en
               ELSE a.municipality_name_en
           END AS area_name_en
    FROM areas AS a
    LEFT JOIN prefecture_applicants AS p ON p.project_id = a.project_id AND p.pref_code = a.pref_code
)
SELECT project_id,
       string_agg(area_name_en, '; ' ORDER BY area_order) AS applicant_en
FROM named
GROUP BY project_id
ORDER BY project_id;
