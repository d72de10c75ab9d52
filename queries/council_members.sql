-- Who sits on the program's councils (関係省庁連絡会議, 幹事会, 地域実装協議会), in the published order?
-- One row per post or body; a member taken in only as needed has is_optional and its qualifier_text.
-- Notes printed on the slide are not members: they are in slide_notes (queries/slide_notes.sql).
-- The rows and their order are made when the snapshot is loaded (queries/_setup_council_members.sql).
SELECT council_order, council, role, member_order, member, is_optional, qualifier_text, source_id, source_page, notes
FROM council_members_ordered
ORDER BY published_order;
