-- Which English renderings of published Japanese values are ours (programs, councils, members, survey items)?
SELECT "table", "column", value_ja, value_en, basis
FROM translations_en
ORDER BY "table", "column", value_ja;
