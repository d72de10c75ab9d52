-- Which events did the program hold, when (as 「2022年10月27日（木）」), and how many took part, by kind?
WITH events_held AS (
    SELECT event_id, event_date, title, day_label, venue, program, participants_total, participants_municipal,
           participants_national, participants_private, participants_text, source_id, source_page, notes
    FROM events
),
dated AS (
    SELECT *,
           strftime(event_date, '%Y年%-m月%-d日')
             || '（' || ['月', '火', '水', '木', '金', '土', '日'][isodow(event_date)] || '）' AS event_date_text
    FROM events_held
)
SELECT event_id, event_date, event_date_text, title, day_label, venue, program, participants_total,
       participants_municipal, participants_national, participants_private, participants_text,
       source_id, source_page, notes
FROM dated
ORDER BY event_date, event_id;
