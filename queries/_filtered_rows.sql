-- What dashboard/query.py puts, when it first reads a question, in place of its call
-- filtered_projects($tech, $fy, $pref, $region, $status) (the first block) or
-- filtered_project_areas($tech, $fy, $pref, $region, $status) (the second) or
-- filtered_project_prefectures($tech, $fy, $pref, $region, $status) (the third): the rows the table macros of
-- queries/_filtered_projects.sql return, with the chosen technologies, prefectures and regions as the bit masks of
-- queries/_filter_masks.sql ($tech_mask, $pref_mask, $region_mask). A table macro is planned anew on every call (and
-- cannot be prepared); this costs about half as much planning. The condition is matches_filters() written out, the
-- same in every block (tests/test_queries_core.py checks that they match the macros on the real snapshot).
-- filtered_projects
(SELECT *
 FROM projects_with_area_keys
 WHERE (len($tech) = 0 OR (tech_bits & $tech_mask) <> 0)
   AND (len($fy) = 0 OR list_contains($fy::INTEGER[], selected_fy))
   AND (len($status) = 0 OR list_contains($status::VARCHAR[], status))
   AND (len($pref) = 0 OR (pref_bits & $pref_mask) <> 0)
   AND (len($region) = 0 OR (region_bits & $region_mask) <> 0))
-- filtered_project_areas
(SELECT *
 FROM project_areas_with_keys
 WHERE (len($tech) = 0 OR (tech_bits & $tech_mask) <> 0)
   AND (len($fy) = 0 OR list_contains($fy::INTEGER[], selected_fy))
   AND (len($status) = 0 OR list_contains($status::VARCHAR[], status))
   AND (len($pref) = 0 OR (pref_bits & $pref_mask) <> 0)
   AND (len($region) = 0 OR (region_bits & $region_mask) <> 0))
-- filtered_project_prefectures
(SELECT *
 FROM project_prefectures
 WHERE (len($tech) = 0 OR (tech_bits & $tech_mask) <> 0)
   AND (len($fy) = 0 OR list_contains($fy::INTEGER[], selected_fy))
   AND (len($status) = 0 OR list_contains($status::VARCHAR[], status))
   AND (len($pref) = 0 OR (pref_bits & $pref_mask) <> 0)
   AND (len($region) = 0 OR (region_bits & $region_mask) <> 0))
