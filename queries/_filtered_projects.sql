-- The one place filters are applied. Every question about projects selects
-- FROM filtered_projects($tech, $fy, $pref, $region, $status); one about the projects' applicant areas may select
-- FROM filtered_project_areas($tech, $fy, $pref, $region, $status) instead (the same projects, one row per area), or
-- FROM filtered_project_prefectures($tech, $fy, $pref, $region, $status) (one row per project and prefecture).
-- An empty list means "no restriction". Technologies match when a project uses ANY of the chosen ones; a project
-- matches a prefecture or region when any of its applicant areas lies there.
-- Run once when a snapshot is loaded (dashboard/query.py): the tables below are derived from the snapshot's own
-- tables and kept in memory, so that no question pays for them again. Measured at 10,000x the real data
-- (bench/synthetic.py, 500,000 projects): matching lists of technologies, prefectures and regions row by row, and
-- joining project_areas to the matching projects, took most of each question's time.

-- Each value a filter can choose gets one bit: the technologies and regions the projects name are enumerated (an
-- ENUM type, so that a chosen value becomes its bit without a lookup query; a value no project names gets no bit
-- and matches nothing, as list matching did), and a JIS prefecture code (1..47) is its own bit position.
CREATE TYPE technology_key AS ENUM (
    SELECT DISTINCT technology FROM (SELECT unnest(technologies) AS technology FROM projects) ORDER BY technology
);
CREATE TYPE region_key AS ENUM (
    SELECT DISTINCT region FROM project_areas WHERE region IS NOT NULL ORDER BY region
);
CREATE OR REPLACE MACRO technology_bits(techs) AS coalesce(list_aggregate(list_transform(techs::VARCHAR[],
    lambda x: CAST(1 AS BIGINT) << enum_code(TRY_CAST(x AS technology_key))), 'bit_or'), 0);
CREATE OR REPLACE MACRO region_bits(regions) AS coalesce(list_aggregate(list_transform(regions::VARCHAR[],
    lambda x: CAST(1 AS BIGINT) << enum_code(TRY_CAST(x AS region_key))), 'bit_or'), 0);
CREATE OR REPLACE MACRO prefecture_bits(codes) AS coalesce(list_aggregate(list_transform(
    list_filter(codes::INTEGER[], lambda c: c BETWEEN 0 AND 62), lambda c: CAST(1 AS BIGINT) << c), 'bit_or'), 0);

-- Each project with its filter keys as bits, and its applicant areas written out once (in the applicant's order).
CREATE OR REPLACE TABLE projects_with_area_keys AS
WITH area_keys AS (
    SELECT project_id,
           prefecture_bits(list(pref_code)) AS pref_bits,
           region_bits(list(region)) AS region_bits,
           string_agg(pref_name || coalesce(municipality_name, ''), '、' ORDER BY area_order) AS area_names,
           string_agg(area_code, '、' ORDER BY area_order) AS area_codes_text,
           list(CASE WHEN municipality_name IS NULL THEN pref_name ELSE pref_name || ' ' || municipality_name END
                ORDER BY area_order) AS area_labels,
           list(area_code ORDER BY area_order) AS area_codes
    FROM project_areas
    GROUP BY project_id
)
SELECT p.*,
       p.technologies IS NOT NULL AS is_listed,  -- read without touching the lists (ended H30 projects have none)
       technology_bits(p.technologies) AS tech_bits,
       k.pref_bits,
       k.region_bits,
       k.area_names,
       k.area_codes_text,
       k.area_labels,
       k.area_codes,
       -- the data page's order (filtered_projects_table.sql); rows are stored in it, so that its first rows are read first
       row_number() OVER (ORDER BY p.selected_fy, p.project_id) AS table_order,
       -- the project's position in project id order: queries/map_points.sql keeps each point's first ids as numbers
       CAST(row_number() OVER (ORDER BY p.project_id) AS INTEGER) AS id_order,
       -- its position in JIS order of its first applicant area, then selection year and id: the order in which
       -- queries/projects_sharing_technologies.sql lists projects sharing as many technologies
       CAST(row_number() OVER (ORDER BY k.area_codes[1], p.selected_fy, p.project_id) AS INTEGER) AS first_area_order
FROM projects AS p
JOIN area_keys AS k USING (project_id)
ORDER BY table_order;

-- Each applicant area with its project's filter keys, so that questions about areas need no join; is_first_in_pref
-- and is_first_in_region mark one row per project and prefecture (region), to count a project once in each.
CREATE OR REPLACE TABLE project_areas_with_keys AS
SELECT a.*,
       p.applicant,
       p.selected_fy,
       p.status,
       p.technologies,
       p.is_listed,
       p.tech_bits,
       p.pref_bits,
       p.region_bits,
       p.id_order,
       row_number() OVER (PARTITION BY a.project_id, a.pref_code ORDER BY a.area_order) = 1 AS is_first_in_pref,
       row_number() OVER (PARTITION BY a.project_id, a.region ORDER BY a.area_order) = 1 AS is_first_in_region,
       -- one row per project and map point (location): queries/map_points.sql counts a project once per point
       row_number() OVER (PARTITION BY a.project_id, a.lat, a.lon ORDER BY a.area_order) = 1 AS is_first_at_location,
       -- the area's position in area code order (1, 2, ...): queries/map_points.sql groups these numbers, not the
       -- codes, and finds the codes and labels in area_lookup
       CAST(dense_rank() OVER (ORDER BY a.area_code) AS INTEGER) AS area_index,
       -- the area's map point (its location) as a number 1, 2, ... in (lat, lon) order, NULL without coordinates:
       -- queries/map_points.sql groups by it, a small integer DuckDB groups in a perfect hash table (an array the
       -- size of the number range), where grouping by (lat, lon) built a hash table sized for many rows
       CASE WHEN a.lat IS NOT NULL AND a.lon IS NOT NULL  -- NULLs sort last: the points are ranks 1, 2, ...
            THEN CAST(dense_rank() OVER (ORDER BY a.lat, a.lon) AS INTEGER)
       END AS point_index,
       a.municipality_name IS NULL AS is_prefecture_level,
       -- the data page's order (filtered_project_areas_table.sql), in which the rows are stored
       row_number() OVER (ORDER BY p.selected_fy, a.project_id, a.area_order) AS table_order
FROM project_areas AS a
JOIN projects_with_area_keys AS p USING (project_id)
ORDER BY table_order;

-- Each project once per prefecture of its applicant areas, with its areas there, its published fields and its
-- filter keys, stored in the order of the 地図 page's list (JIS code, first area code, selection year, project id):
-- queries/prefecture_projects.sql picks each prefecture's first rows by list_order. Grouping the matching areas per
-- prefecture and project on every call took 3.4 s at 10,000x the data (bench/synthetic.py).
CREATE OR REPLACE TABLE project_prefectures AS
WITH per_prefecture AS (
    SELECT pref_code,
           pref_name,
           project_id,
           min(area_code) AS first_area_code,
           list(area_code ORDER BY area_code) AS area_codes,
           list(CASE WHEN municipality_name IS NULL THEN pref_name
                     ELSE pref_name || ' ' || municipality_name END ORDER BY area_code) AS area_labels
    FROM project_areas
    GROUP BY pref_code, pref_name, project_id
)
SELECT a.pref_code, a.pref_name, a.project_id, a.first_area_code, a.area_codes, a.area_labels,
       p.applicant, p.selected_fy, p.selected_fy_label, p.title, p.technologies, p.technologies_more,
       p.mlit_av_support, p.status, p.is_status_inferred, p.source_id, p.source_page, p.title_source_id,
       p.title_source_page, p.tech_bits, p.pref_bits, p.region_bits,
       row_number() OVER (ORDER BY a.pref_code, a.first_area_code, p.selected_fy, a.project_id) AS list_order
FROM per_prefecture AS a
JOIN projects_with_area_keys AS p USING (project_id)
ORDER BY list_order;

-- Each project's applicant in English, from the official English names of its areas (in the applicant's order): a
-- municipality is followed by its prefecture when the prefecture is not itself an applicant. Made once here: asked
-- for every project on each call, it took 0.5-0.8 s at 10,000x (bench/synthetic.py), and queries/
-- project_applicants_en.sql now picks the projects a table shows.
CREATE OR REPLACE TABLE applicants_en AS
WITH prefecture_applicants AS (
    SELECT DISTINCT project_id, pref_code
    FROM project_areas
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
    FROM project_areas AS a
    LEFT JOIN prefecture_applicants AS p ON p.project_id = a.project_id AND p.pref_code = a.pref_code
)
SELECT project_id,
       string_agg(area_name_en, '; ' ORDER BY area_order) AS applicant_en
FROM named
GROUP BY project_id;

-- Each technology of the vocabulary with its bit (0 for one that no project names).
CREATE OR REPLACE TABLE technologies_with_bits AS
SELECT technology, technology_en, display_order, technology_bits([technology]) AS bit
FROM technologies;

-- Each region (in JIS order of its first prefecture) beside each technology of the vocabulary with its bit: the rows
-- queries/technology_by_region.sql answers, made once instead of a grouping and a cross join per call.
CREATE OR REPLACE TABLE region_technologies AS
SELECT r.region, r.region_order, t.technology, t.display_order, t.bit
FROM (SELECT region, CAST(min(pref_code) AS INTEGER) AS region_order FROM prefectures GROUP BY region) AS r
CROSS JOIN technologies_with_bits AS t
ORDER BY r.region_order, t.display_order;

-- Each applicant area's code beside the table_order of every project naming it (once per project), stored in area
-- code order: queries/projects_in_area.sql finds an area's projects by their numbers alone. Matching project_id text
-- from project_areas and joining projects_with_area_keys on it took 130 ms of CPU at 10,000x the data
-- (bench/synthetic.py, 20,000 projects for one town); this narrow table, sorted by code, about 75.
CREATE OR REPLACE TABLE area_projects AS
SELECT DISTINCT a.area_code, p.table_order
FROM project_areas AS a
JOIN projects_with_area_keys AS p USING (project_id)
ORDER BY a.area_code, p.table_order;

-- Each applicant area once (its names and place belong to its code), with how many projects name it.
CREATE OR REPLACE TABLE areas_with_counts AS
SELECT area_code,
       any_value(pref_code) AS pref_code,
       any_value(pref_name) AS pref_name,
       any_value(municipality_name) AS municipality_name,
       any_value(pref_name_en) AS pref_name_en,
       any_value(municipality_name_en) AS municipality_name_en,
       CAST(count(DISTINCT project_id) AS INTEGER) AS project_count,
       CAST(count(DISTINCT project_id) FILTER (WHERE status = 'supported') AS INTEGER) AS supported_count
FROM project_areas_with_keys
GROUP BY area_code;

-- Every applicant area's code and map label, in area code order: item area_index (project_areas_with_keys) of each
-- list is that area's. One row; queries/map_points.sql reads its areas from it instead of joining areas_with_counts.
CREATE OR REPLACE TABLE area_lookup AS
SELECT list(area_code ORDER BY area_code) AS area_codes,
       list(CASE WHEN municipality_name IS NULL THEN pref_name ELSE pref_name || ' ' || municipality_name END
            ORDER BY area_code) AS area_labels
FROM areas_with_counts;

-- The focus program's published selections per fiscal year beside the projects the snapshot names then (supported,
-- ended): queries/selections_by_year.sql adds the projects matching the filters. Made once here: counting every
-- project per year on each call took most of the question's time at 10,000x the data (bench/synthetic.py).
CREATE OR REPLACE TABLE selections_per_year AS
WITH published AS (
    SELECT fiscal_year, fiscal_year_label, selected_count, count_basis
    FROM program_selections
    WHERE program = '未来技術社会実装事業'
),
named AS (
    SELECT selected_fy AS fiscal_year,
           count(*) FILTER (WHERE status = 'supported') AS supported_count,
           count(*) FILTER (WHERE status = 'ended') AS ended_named_count
    FROM projects
    GROUP BY selected_fy
)
SELECT p.fiscal_year,
       p.fiscal_year_label,
       p.selected_count,
       p.count_basis,
       CAST(sum(p.selected_count) OVER (ORDER BY p.fiscal_year) AS INTEGER) AS cumulative_selected_count,
       coalesce(n.supported_count, 0) AS supported_count,
       p.selected_count - coalesce(n.supported_count, 0) AS ended_count,
       coalesce(n.ended_named_count, 0) AS ended_named_count,
       p.selected_count - coalesce(n.supported_count, 0) - coalesce(n.ended_named_count, 0) AS ended_unnamed_count
FROM published AS p
LEFT JOIN named AS n USING (fiscal_year)
ORDER BY p.fiscal_year;

-- Which document and page each project row comes from, counted by status and whether its technologies are listed.
CREATE OR REPLACE TABLE project_sources AS
SELECT source_id, source_page, status, technologies IS NOT NULL AS is_listed, count(*) AS project_count
FROM projects
GROUP BY source_id, source_page, status, is_listed;

-- Whether a project (its keys) matches the filters: the one predicate both table macros apply. dashboard/query.py
-- runs a question's call filtered_projects($tech, $fy, $pref, $region, $status) as queries/_filtered_rows.sql, which
-- writes these macros out (tests/test_queries_core.py checks that both give the same rows).
CREATE OR REPLACE MACRO matches_filters(tech_bits, selected_fy, status, pref_bits, region_bits,
                                        want_techs, want_fys, want_prefs, want_regions, want_statuses) AS
    (len(want_techs) = 0 OR (tech_bits & technology_bits(want_techs)) <> 0)
    AND (len(want_fys) = 0 OR list_contains(want_fys::INTEGER[], selected_fy))
    AND (len(want_statuses) = 0 OR list_contains(want_statuses::VARCHAR[], status))
    AND (len(want_prefs) = 0 OR (pref_bits & prefecture_bits(want_prefs)) <> 0)
    AND (len(want_regions) = 0 OR (region_bits & region_bits(want_regions)) <> 0);

CREATE OR REPLACE MACRO filtered_projects(want_techs, want_fys, want_prefs, want_regions, want_statuses) AS TABLE
SELECT *
FROM projects_with_area_keys
WHERE matches_filters(tech_bits, selected_fy, status, pref_bits, region_bits,
                      want_techs, want_fys, want_prefs, want_regions, want_statuses);

CREATE OR REPLACE MACRO filtered_project_areas(want_techs, want_fys, want_prefs, want_regions, want_statuses) AS TABLE
SELECT *
FROM project_areas_with_keys
WHERE matches_filters(tech_bits, selected_fy, status, pref_bits, region_bits,
                      want_techs, want_fys, want_prefs, want_regions, want_statuses);

CREATE OR REPLACE MACRO filtered_project_prefectures(want_techs, want_fys, want_prefs, want_regions, want_statuses) AS TABLE
SELECT *
FROM project_prefectures
WHERE matches_filters(tech_bits, selected_fy, status, pref_bits, region_bits,
                      want_techs, want_fys, want_prefs, want_regions, want_statuses);
