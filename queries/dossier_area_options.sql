-- Which applicant areas (prefectures and municipalities) have projects, in JIS code order, and how are they labelled?
-- areas_with_counts: each area once with its project counts, made when the snapshot is loaded (_filtered_projects.sql).
WITH per_area AS (
    SELECT area_code, pref_code, pref_name, municipality_name, pref_name_en, municipality_name_en, project_count,
           supported_count
    FROM areas_with_counts
)
SELECT area_code,
       pref_code,
       pref_name,
       municipality_name,
       CASE WHEN municipality_name IS NULL THEN pref_name ELSE pref_name || ' ' || municipality_name END AS area_label,
       CASE WHEN municipality_name IS NULL THEN pref_name_en
            ELSE municipality_name_en || ', ' || pref_name_en END AS area_label_en,
       project_count,
       supported_count
FROM per_area
ORDER BY area_code;
