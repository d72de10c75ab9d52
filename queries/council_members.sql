-- Who sits on the program's councils (関係省庁連絡会議, 幹事会, 地域実装協議会), in the published order?
-- One row per post or body; a member taken in only as needed has is_optional and its qualifier_text.
-- Notes printed on the slide are not members: they are in slide_notes (queries/slide_notes.sql).
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
SELECT CAST(council_order AS INTEGER) AS council_order, council, role, member_order, member, is_optional,
       qualifier_text, source_id, source_page, notes
FROM ordered
ORDER BY published_order;
