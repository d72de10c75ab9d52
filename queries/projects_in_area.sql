-- Which projects name this applicant area ($area_code: 2-digit prefecture or 5-digit municipality code), with
-- everything the municipality dossier shows about each? The first $row_limit in selection order; row_count says
-- how many there are in all (20,000 for one town at 10,000x the data, bench/synthetic.py).
-- The area's projects are found by their position in table order (area_projects, made when the snapshot is loaded:
-- queries/_filtered_projects.sql) and joined to their rows on it: integers, not project_id text.
WITH first_ones AS (
    SELECT table_order, CAST(count(*) OVER () AS INTEGER) AS row_count
    FROM area_projects
    WHERE area_code = $area_code
    ORDER BY table_order
    LIMIT $row_limit
)
-- area_labels / area_codes: each project's areas in the applicant's order, made when the snapshot is loaded
-- (_filtered_projects.sql)
SELECT p.project_id,
       p.applicant,
       p.area_labels,
       p.area_codes,
       p.selected_fy,
       p.selected_fy_label,
       p.title,
       p.technologies,
       p.technologies_more,
       p.mlit_av_support,
       p.status,
       p.is_status_inferred,
       p.status_basis,
       p.ended_by_fy,
       p.support_max_last_fy,
       p.source_id,
       p.source_page,
       p.title_source_id,
       p.title_source_page,
       f.row_count
FROM projects_with_area_keys AS p
JOIN first_ones AS f USING (table_order)
ORDER BY p.table_order;  -- selection year, then project id
