-- Which other supported projects use at least one of this project's ($project_id) technologies, most shared
-- technologies first, then in JIS code order of their first applicant area? At most $row_limit of them;
-- row_count says how many there are in all.
-- Technologies are compared as the bits of queries/_filtered_projects.sql (projects_with_area_keys.tech_bits), and
-- only the first $row_limit rows are joined to their names: unnesting every project's list took 1.5 s at 10,000x
-- the data (bench/synthetic.py). Only technologies of the vocabulary count (a listed word outside it has no bit in
-- technologies_with_bits). Ties are ordered by first_area_order (made when the snapshot is loaded), a number:
-- reading every candidate's first area code and counting them with a window took half the time at 10,000x.
-- first_area_order is also each project's key here (one number per project): the candidates are told from the project
-- itself, and the first $row_limit joined to their rows, on it rather than on project_id text (122 -> 80-88 ms of CPU
-- at 10,000x).
WITH own AS (
    SELECT p.tech_bits & (SELECT bit_or(bit) FROM technologies_with_bits) AS bits, p.first_area_order
    FROM projects_with_area_keys AS p
    WHERE p.project_id = $project_id
),
sharing AS (
    SELECT p.first_area_order, p.tech_bits & own.bits AS shared_bits
    FROM projects_with_area_keys AS p, own
    WHERE p.status = 'supported' AND p.first_area_order <> own.first_area_order AND (p.tech_bits & own.bits) <> 0
),
ranked AS (
    SELECT first_area_order,
           shared_bits,
           CAST(bit_count(shared_bits) AS INTEGER) AS shared_count,
           (SELECT CAST(count(*) AS INTEGER) FROM sharing) AS row_count
    FROM sharing
    ORDER BY shared_count DESC, first_area_order
    LIMIT $row_limit
),
names AS (
    -- each ranked project's shared technologies by name, in display order: one join and grouping. A list made by a
    -- subquery per row was planned as a correlated join on every call: real snapshot p50 4.1-4.6 -> 3.6-4.0 ms, the
    -- same answer; at 10,000x 55 -> 68 ms (bench --only queries, 2026-12-04). Every ranked row has a name: its
    -- shared bits are non-zero and within the vocabulary's (own.bits).
    SELECT r.first_area_order, list(t.technology ORDER BY t.display_order) AS shared_technologies
    FROM ranked AS r
    JOIN technologies_with_bits AS t ON (t.bit & r.shared_bits) <> 0
    GROUP BY r.first_area_order
)
SELECT o.project_id,
       o.applicant,
       f.pref_name,
       f.area_code AS first_area_code,
       o.selected_fy,
       o.selected_fy_label,
       o.title,
       o.technologies,
       o.technologies_more,
       o.mlit_av_support,
       o.status,
       n.shared_technologies,
       r.shared_count,
       r.row_count
FROM ranked AS r
JOIN names AS n USING (first_area_order)
JOIN projects_with_area_keys AS o USING (first_area_order)
JOIN areas_with_counts AS f ON f.area_code = o.area_codes[1]  -- the first applicant area
ORDER BY r.shared_count DESC, r.first_area_order;
