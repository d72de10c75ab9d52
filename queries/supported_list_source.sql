-- From which document and page is the list of supported projects (the snapshot's current list)?
WITH listed AS (
    SELECT source_id, source_page, CAST(sum(project_count) AS BIGINT) AS project_count
    FROM project_sources  -- the projects counted per page, status and listed technologies (_filtered_projects.sql)
    WHERE status = 'supported' AND source_id IS NOT NULL AND is_listed
    GROUP BY source_id, source_page
)
SELECT source_id, source_page, project_count
FROM listed
ORDER BY project_count DESC, source_id DESC, source_page
LIMIT 1;
