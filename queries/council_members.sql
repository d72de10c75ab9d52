-- Who sits on the program's councils (関係省庁連絡会議, 幹事会, 地域実装協議会), in the published order?
WITH members AS (
    SELECT rowid AS published_order, council, role, member_order, member, source_id, source_page, notes
    FROM council_members
),
councils AS (
    SELECT council, min(published_order) AS first_order FROM members GROUP BY council
),
ordered AS (
    SELECT dense_rank() OVER (ORDER BY c.first_order) AS council_order,
           m.*,
           -- a line such as 「※必要に応じて構成員追加」 is a note on the slide, not a member
           starts_with(m.member, '※') AS is_note
    FROM members AS m
    JOIN councils AS c USING (council)
)
SELECT CAST(council_order AS INTEGER) AS council_order, council, role, member_order, member, is_note,
       source_id, source_page, notes
FROM ordered
ORDER BY published_order;
