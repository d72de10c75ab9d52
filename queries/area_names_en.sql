-- What is each applicant area called in English: the municipality's official English name followed by its
-- prefecture's, or the prefecture's alone for a prefecture-level area (and the municipality's name alone)?
SELECT DISTINCT area_code,
       CASE WHEN municipality_name_en IS NULL THEN pref_name_en
            ELSE municipality_name_en || ', ' || pref_name_en END AS area_name_en,
       municipality_name_en
FROM project_areas
ORDER BY area_code;
