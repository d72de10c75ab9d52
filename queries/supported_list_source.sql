-- From which document and page is the list of supported projects (the snapshot's current list)?
WITH listed AS (
    SELECT source_id, source_page, count(*) AS project_count
    FROM projects
    WHERE status = 'supported' AND source_id IS NOT NULL AND technologies IS NOT NULL
    GROUP BY source_id, source_page
)
SELECT source_id, source_page, project_count
FROM listed
ORDER BY project_count DESC, source_id DESC, source_page
LIMIT 1;
