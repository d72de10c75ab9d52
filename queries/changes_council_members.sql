-- Which council members (posts or bodies) did the later of two snapshots add or remove, council by council?
-- Members are matched by council, role and member as published.
WITH earlier_members AS (
    SELECT rowid AS published_order, council, role, member_order, member, is_optional,
           source_id || ':' || CAST(source_page AS VARCHAR) AS source_ref
    FROM earlier.council_members
),
later_members AS (
    SELECT rowid AS published_order, council, role, member_order, member, is_optional,
           source_id || ':' || CAST(source_page AS VARCHAR) AS source_ref
    FROM later.council_members
),
matched AS (
    SELECT coalesce(l.council, e.council) AS council,
           coalesce(l.role, e.role) AS role,
           coalesce(l.member, e.member) AS member,
           coalesce(l.member_order, e.member_order) AS member_order,
           coalesce(l.is_optional, e.is_optional) AS is_optional,
           CASE WHEN e.member IS NULL THEN 'added' WHEN l.member IS NULL THEN 'removed' ELSE 'kept' END AS change,
           CASE WHEN e.member IS NULL THEN [] ELSE [e.source_ref] END AS earlier_sources,
           CASE WHEN l.member IS NULL THEN [] ELSE [l.source_ref] END AS later_sources,
           coalesce(l.published_order, 100000 + e.published_order) AS shown_order
    FROM earlier_members AS e
    FULL OUTER JOIN later_members AS l ON l.council = e.council AND l.role = e.role AND l.member = e.member
),
councils AS (
    SELECT council, min(shown_order) AS first_order FROM matched GROUP BY council
)
SELECT CAST(dense_rank() OVER (ORDER BY c.first_order) AS INTEGER) AS council_order,
       m.council, m.role, m.member_order, m.member, m.is_optional, m.change, m.earlier_sources, m.later_sources
FROM matched AS m
JOIN councils AS c USING (council)
ORDER BY c.first_order, m.shown_order;
