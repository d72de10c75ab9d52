-- What is each applicant area called in English: the municipality's official English name followed by its
-- prefecture's, or the prefecture's alone for a prefecture-level area (and the municipality's name alone)?
-- areas_with_counts: each area once, made when the snapshot is loaded (_filtered_projects.sql).
SELECT area_code,
       CASE WHEN municipality_name_en IS NULL THEN pref_name_en
            ELSE municipality_name_en || ', ' || pref_name_en END AS area_name_en,
       municipality_name_en
FROM areas_with_counts
ORDER BY area_code;
