-- Which documents does the data come from?
SELECT source_id, title, publisher, published_on, as_of, as_of_basis, page_basis, notes
FROM sources
ORDER BY source_id;
