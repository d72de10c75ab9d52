-- From which document and page does each kind of figure come in this snapshot (the roles source lines cite)?
-- A later year's snapshot (make add-year) prints its totals, counts and list in its own document, so panels cite
-- these by role (dashboard/panels/spec.py Cites) and render/captions.py names what this query finds.
-- The rows (one per role and cited page, with its position within the role) are made when the snapshot is loaded:
-- queries/_setup_cited_pages.sql says what each role holds and how it is found.
SELECT role, source_id, source_page, position
FROM cited_sources
ORDER BY role, position;
