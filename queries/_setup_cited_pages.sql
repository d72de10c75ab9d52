-- Run once when a snapshot is loaded (dashboard/query.py, after _filtered_projects.sql): from which document and page
-- each kind of figure comes in this snapshot, the rows queries/cited_pages.sql answers (read there in role order).
-- They depend on the snapshot alone (no parameter), and asking them on every call cost five groupings, four windows
-- and a union: profiled on the real snapshot, binding and optimising took about 2.3 ms and the operators 1 ms of a
-- ~5 ms call, for some ten rows. Roles:
--   totals    the published totals (program_totals)
--   counts    the program's published per-year selection counts, oldest year first (a count the pipeline counted
--             from a list, count_basis = 'counted', is not a published count)
--   list      the list of supported projects (the page supported_list_source.sql names)
--   projects  the lists every project row comes from, newest document first
--   ended     the lists naming the projects whose support ended, oldest document first
-- project_sources: the projects counted per document page, status and listed technologies (_filtered_projects.sql).
CREATE OR REPLACE TABLE cited_sources AS
WITH totals AS (
    SELECT source_id, source_page, min(metric) AS sort_key
    FROM program_totals
    GROUP BY source_id, source_page
),
counts AS (
    SELECT source_id, source_page, min(fiscal_year) AS sort_key
    FROM program_selections
    WHERE program = '未来技術社会実装事業' AND coalesce(count_basis, 'published') = 'published'
    GROUP BY source_id, source_page
),
listed AS (
    SELECT source_id, source_page
    FROM project_sources
    WHERE status = 'supported' AND source_id IS NOT NULL AND is_listed
    GROUP BY source_id, source_page
    ORDER BY sum(project_count) DESC, source_id DESC, source_page
    LIMIT 1
),
project_lists AS (
    SELECT DISTINCT source_id, source_page
    FROM project_sources
    WHERE source_id IS NOT NULL
),
ended_lists AS (
    SELECT DISTINCT source_id, source_page
    FROM project_sources
    WHERE status = 'ended' AND source_id IS NOT NULL
),
cited AS (
    SELECT 'totals' AS role, source_id, source_page,
           row_number() OVER (ORDER BY sort_key, source_id, source_page) AS position
    FROM totals
    UNION ALL
    SELECT 'counts', source_id, source_page, row_number() OVER (ORDER BY sort_key, source_id, source_page)
    FROM counts
    UNION ALL
    SELECT 'list', source_id, source_page, 1
    FROM listed
    UNION ALL
    SELECT 'projects', source_id, source_page, row_number() OVER (ORDER BY source_id DESC, source_page)
    FROM project_lists
    UNION ALL
    SELECT 'ended', source_id, source_page, row_number() OVER (ORDER BY source_id, source_page)
    FROM ended_lists
)
SELECT role, source_id, CAST(source_page AS INTEGER) AS source_page, position
FROM cited;
