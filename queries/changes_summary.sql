-- How do the program's headline figures differ between two snapshots: projects selected, supported and ended,
-- prefectures and technologies covered by supported projects, and council members?
-- Selected: the published per-year 選定数 summed, else the projects named; ended: the published total, else the
-- named ended projects. A figure a snapshot has no data for is null (never 0).
WITH earlier_years AS (
    SELECT sum(selected_count) AS n,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS refs
    FROM earlier.program_selections WHERE program = '未来技術社会実装事業'
),
later_years AS (
    SELECT sum(selected_count) AS n,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS refs
    FROM later.program_selections WHERE program = '未来技術社会実装事業'
),
earlier_projects AS (
    SELECT count(*) AS named, count(*) FILTER (WHERE status = 'supported') AS supported,
           count(*) FILTER (WHERE status = 'ended') AS ended,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS refs,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))
                     FILTER (WHERE status = 'supported')) AS supported_refs
    FROM earlier.projects
),
later_projects AS (
    SELECT count(*) AS named, count(*) FILTER (WHERE status = 'supported') AS supported,
           count(*) FILTER (WHERE status = 'ended') AS ended,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS refs,
           list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))
                     FILTER (WHERE status = 'supported')) AS supported_refs
    FROM later.projects
),
earlier_ended AS (
    SELECT any_value(value_count) AS n, list(source_id || ':' || CAST(source_page AS VARCHAR)) AS refs
    FROM earlier.program_totals WHERE metric = 'ended_total'
),
later_ended AS (
    SELECT any_value(value_count) AS n, list(source_id || ':' || CAST(source_page AS VARCHAR)) AS refs
    FROM later.program_totals WHERE metric = 'ended_total'
),
earlier_prefs AS (
    SELECT count(DISTINCT a.pref_code) AS n
    FROM earlier.projects AS p JOIN earlier.project_areas AS a USING (project_id)
    WHERE p.status = 'supported'
),
later_prefs AS (
    SELECT count(DISTINCT a.pref_code) AS n
    FROM later.projects AS p JOIN later.project_areas AS a USING (project_id)
    WHERE p.status = 'supported'
),
earlier_techs AS (
    SELECT count(DISTINCT technology) AS n, count(DISTINCT project_id) AS known
    FROM (SELECT project_id, unnest(technologies) AS technology FROM earlier.projects
          WHERE status = 'supported' AND technologies IS NOT NULL)
),
later_techs AS (
    SELECT count(DISTINCT technology) AS n, count(DISTINCT project_id) AS known
    FROM (SELECT project_id, unnest(technologies) AS technology FROM later.projects
          WHERE status = 'supported' AND technologies IS NOT NULL)
),
earlier_council AS (
    SELECT count(*) AS n, list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS refs
    FROM earlier.council_members
),
later_council AS (
    SELECT count(*) AS n, list_sort(list(DISTINCT source_id || ':' || CAST(source_page AS VARCHAR))) AS refs
    FROM later.council_members
),
measures AS (
    SELECT 1 AS measure_order, 'selected' AS measure,
           CASE WHEN ey.n IS NOT NULL THEN ey.n WHEN ep.named > 0 THEN ep.named END AS earlier_value,
           CASE WHEN ly.n IS NOT NULL THEN ly.n WHEN lp.named > 0 THEN lp.named END AS later_value,
           CASE WHEN ey.n IS NOT NULL THEN ey.refs ELSE ep.refs END AS earlier_sources,
           CASE WHEN ly.n IS NOT NULL THEN ly.refs ELSE lp.refs END AS later_sources
    FROM earlier_years AS ey, later_years AS ly, earlier_projects AS ep, later_projects AS lp
    UNION ALL
    SELECT 2, 'supported', ep.supported, lp.supported, ep.supported_refs, lp.supported_refs
    FROM earlier_projects AS ep, later_projects AS lp
    UNION ALL
    SELECT 3, 'ended', coalesce(ee.n, ep.ended), coalesce(le.n, lp.ended),
           CASE WHEN ee.n IS NOT NULL THEN ee.refs ELSE ep.refs END,
           CASE WHEN le.n IS NOT NULL THEN le.refs ELSE lp.refs END
    FROM earlier_ended AS ee, later_ended AS le, earlier_projects AS ep, later_projects AS lp
    UNION ALL
    SELECT 4, 'prefectures', epf.n, lpf.n, ep.supported_refs, lp.supported_refs
    FROM earlier_prefs AS epf, later_prefs AS lpf, earlier_projects AS ep, later_projects AS lp
    UNION ALL
    SELECT 5, 'technologies', CASE WHEN et.known > 0 THEN et.n END, CASE WHEN lt.known > 0 THEN lt.n END,
           CASE WHEN et.known > 0 THEN ep.supported_refs ELSE [] END,
           CASE WHEN lt.known > 0 THEN lp.supported_refs ELSE [] END
    FROM earlier_techs AS et, later_techs AS lt, earlier_projects AS ep, later_projects AS lp
    UNION ALL
    SELECT 6, 'council_members', CASE WHEN ec.n > 0 THEN ec.n END, CASE WHEN lc.n > 0 THEN lc.n END,
           coalesce(ec.refs, []), coalesce(lc.refs, [])
    FROM earlier_council AS ec, later_council AS lc
)
SELECT measure, CAST(earlier_value AS INTEGER) AS earlier_value, CAST(later_value AS INTEGER) AS later_value,
       CAST(later_value - earlier_value AS INTEGER) AS value_change,
       coalesce(earlier_sources, []) AS earlier_sources, coalesce(later_sources, []) AS later_sources
FROM measures
ORDER BY measure_order;
