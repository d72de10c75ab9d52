-- How many of the matching projects have a published technology list, and how many of those lists end with 「等」?
WITH matching AS (
    SELECT project_id, is_listed, technologies_more
    FROM filtered_projects($tech, $fy, $pref, $region, $status)
),
counted AS (
    SELECT count(*) AS matching_count,
           count(*) FILTER (WHERE is_listed) AS listed_count,
           count(*) FILTER (WHERE technologies_more) AS list_ends_with_more_count
    FROM matching
)
SELECT matching_count,
       listed_count,
       matching_count - listed_count AS unlisted_count,
       list_ends_with_more_count
FROM counted;
