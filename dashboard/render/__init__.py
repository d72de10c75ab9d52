"""One renderer per target for the panels of dashboard/panels (page now; slides and exports later)."""
