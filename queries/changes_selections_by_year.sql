-- How many projects were selected in each fiscal year according to each of two snapshots, and how many
-- were added between them? A snapshot's count is its published 選定数 for the year, else the projects it names.
-- Projects are matched by project_id (a project keeps its id from list to list).
WITH earlier_published AS (
    SELECT fiscal_year, fiscal_year_label, selected_count,
           source_id || ':' || CAST(source_page AS VARCHAR) AS source_ref
    FROM earlier.program_selections
    WHERE program = '未来技術社会実装事業'
),
later_published AS (
    SELECT fiscal_year, fiscal_year_label, selected_count,
           source_id || ':' || CAST(source_page AS VARCHAR) AS source_ref
    FROM later.program_selections
    WHERE program = '未来技術社会実装事業'
),
earlier_named AS (
    SELECT selected_fy AS fiscal_year, any_value(selected_fy_label) AS fiscal_year_label, count(*) AS named_count,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS source_refs
    FROM earlier.projects
    GROUP BY selected_fy
),
later_named AS (
    SELECT selected_fy AS fiscal_year, any_value(selected_fy_label) AS fiscal_year_label, count(*) AS named_count,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS source_refs
    FROM later.projects
    GROUP BY selected_fy
),
added AS (
    SELECT l.selected_fy AS fiscal_year, count(*) AS named_added_count
    FROM later.projects AS l
    ANTI JOIN earlier.projects AS e USING (project_id)
    GROUP BY l.selected_fy
),
removed AS (
    SELECT e.selected_fy AS fiscal_year, count(*) AS named_removed_count
    FROM earlier.projects AS e
    ANTI JOIN later.projects AS l USING (project_id)
    GROUP BY e.selected_fy
),
years AS (
    SELECT fiscal_year FROM earlier_published
    UNION SELECT fiscal_year FROM later_published
    UNION SELECT fiscal_year FROM earlier_named
    UNION SELECT fiscal_year FROM later_named
),
counted AS (
    SELECT y.fiscal_year,
           coalesce(lp.fiscal_year_label, ln.fiscal_year_label, ep.fiscal_year_label, en.fiscal_year_label)
               AS fiscal_year_label,
           CAST(coalesce(ep.selected_count, en.named_count, 0) AS INTEGER) AS earlier_count,
           CASE WHEN ep.selected_count IS NOT NULL THEN 'published'
                WHEN en.named_count IS NOT NULL THEN 'named' ELSE 'none' END AS earlier_count_basis,
           CAST(coalesce(lp.selected_count, ln.named_count, 0) AS INTEGER) AS later_count,
           CASE WHEN lp.selected_count IS NOT NULL THEN 'published'
                WHEN ln.named_count IS NOT NULL THEN 'named' ELSE 'none' END AS later_count_basis,
           CAST(coalesce(en.named_count, 0) AS INTEGER) AS earlier_named_count,
           CAST(coalesce(ln.named_count, 0) AS INTEGER) AS later_named_count,
           CAST(coalesce(a.named_added_count, 0) AS INTEGER) AS named_added_count,
           CAST(coalesce(r.named_removed_count, 0) AS INTEGER) AS named_removed_count,
           CASE WHEN ep.source_ref IS NOT NULL THEN [ep.source_ref] ELSE coalesce(en.source_refs, []) END
               AS earlier_sources,
           CASE WHEN lp.source_ref IS NOT NULL THEN [lp.source_ref] ELSE coalesce(ln.source_refs, []) END
               AS later_sources
    FROM years AS y
    LEFT JOIN earlier_published AS ep USING (fiscal_year)
    LEFT JOIN later_published AS lp USING (fiscal_year)
    LEFT JOIN earlier_named AS en USING (fiscal_year)
    LEFT JOIN later_named AS ln USING (fiscal_year)
    LEFT JOIN added AS a USING (fiscal_year)
    LEFT JOIN removed AS r USING (fiscal_year)
)
SELECT fiscal_year, fiscal_year_label, earlier_count, earlier_count_basis, later_count, later_count_basis,
       later_count - earlier_count AS added_count, earlier_named_count, later_named_count, named_added_count,
       named_removed_count, earlier_sources, later_sources
FROM counted
ORDER BY fiscal_year;
