-- Which latitude/longitude box holds every applicant area of every project (whatever the filters)?
WITH areas AS (
    SELECT lat, lon FROM project_areas
)
SELECT min(lat) AS lat_min, max(lat) AS lat_max, min(lon) AS lon_min, max(lon) AS lon_max,
       CAST(count(*) AS INTEGER) AS area_row_count
FROM areas;
