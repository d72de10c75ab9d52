-- Setup for the questions that compare two snapshots (queries/changes_*.sql, dashboard/compare.py):
-- the earlier snapshot's tables are loaded into schema `earlier`, the later one's into schema `later`.
CREATE SCHEMA earlier;
CREATE SCHEMA later;
