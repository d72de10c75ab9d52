-- Run once when a snapshot is loaded (dashboard/query.py): the rows queries/council_members.sql answers, with their
-- place in the published order (published_order, the row's position in council_members) and each council's place
-- (council_order, by its first member). They depend on the snapshot alone (no parameter); asked on every call, the
-- grouping, join and window cost, profiled on the real snapshot, binding 0.6 ms, optimisers 1.0 ms and operators
-- 1.0 ms CPU of a ~4-8 ms call.
CREATE OR REPLACE TABLE council_members_ordered AS
WITH members AS (
    SELECT rowid AS published_order, council, role, member_order, member, is_optional, qualifier_text,
           source_id, source_page, notes
    FROM council_members
),
councils AS (
    SELECT council, min(published_order) AS first_order FROM members GROUP BY council
),
ordered AS (
    SELECT dense_rank() OVER (ORDER BY c.first_order) AS council_order,
           m.*
    FROM members AS m
    JOIN councils AS c USING (council)
)
SELECT published_order, CAST(council_order AS INTEGER) AS council_order, council, role, member_order, member,
       is_optional, qualifier_text, source_id, source_page, notes
FROM ordered;
