-- Which projects match the filters? Their positions in project id order (id_order), ascending. Asked once per filter
-- set and kept (dashboard/query.py Database.matching): many filter sets match the same projects (most combinations of
-- a prefecture and a technology match none), and a question that reads the filters only through the filter table
-- macros has the same answer for all of them (query.follows_matches_only).
SELECT id_order
FROM filtered_projects($tech, $fy, $pref, $region, $status)
ORDER BY id_order;
