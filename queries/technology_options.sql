-- Which technologies can be filtered on, in display order?
SELECT technology, technology_en
FROM technologies
ORDER BY display_order;
