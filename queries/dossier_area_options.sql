-- Which applicant areas (prefectures and municipalities) have projects, in JIS code order, and how are they labelled?
WITH areas AS (
    SELECT a.area_code,
           a.pref_code,
           a.pref_name,
           a.municipality_name,
           a.pref_name_en,
           a.municipality_name_en,
           p.project_id,
           p.status
    FROM project_areas AS a
    JOIN projects AS p USING (project_id)
),
per_area AS (
    SELECT area_code,
           any_value(pref_code) AS pref_code,
           any_value(pref_name) AS pref_name,
           any_value(municipality_name) AS municipality_name,
           any_value(pref_name_en) AS pref_name_en,
           any_value(municipality_name_en) AS municipality_name_en,
           CAST(count(DISTINCT project_id) AS INTEGER) AS project_count,
           CAST(count(DISTINCT project_id) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count
    FROM areas
    GROUP BY area_code
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
