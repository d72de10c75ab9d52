-- Which prefectures and regions can be filtered on, in JIS code order?
SELECT pref_code, pref_name, pref_name_en, region
FROM prefectures
ORDER BY pref_code;
