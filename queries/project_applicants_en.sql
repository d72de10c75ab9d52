-- What is the applicant in English of each project of $project_ids (the projects a table or chart shows)? Each
-- applicant is made once per snapshot from the official English names of its areas (queries/_filtered_projects.sql,
-- table applicants_en).
SELECT project_id, applicant_en
FROM applicants_en
WHERE project_id IN (SELECT unnest($project_ids::VARCHAR[]))
ORDER BY project_id;
