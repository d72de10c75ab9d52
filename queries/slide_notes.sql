-- Which notes printed on the slides qualify the table $subject_table, and which of its rows (column = value)?
-- subject_value is null when a note explains the column as a whole (e.g. the (※) mark of projects.mlit_av_support).
WITH notes AS (
    SELECT rowid AS published_order, note_id, subject_table, subject_column, subject_value, note_text,
           source_id, source_page, notes
    FROM slide_notes
    WHERE subject_table = $subject_table
)
SELECT * EXCLUDE (published_order)
FROM notes
ORDER BY published_order;
