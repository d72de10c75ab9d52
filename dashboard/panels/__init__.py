"""Every panel of the dashboard by id (the id is stable: URLs, decks and exports name panels by it)."""
from __future__ import annotations

from .map import PROJECT_MAP
from .municipality import SHARING
from .overview import KEY_FIGURES, SELECTIONS_BY_YEAR
from .program import PROGRAM_PANELS
from .selections import SELECTIONS_PANELS
from .spec import Column, Context, Metric, Output, Panel
from .survey import SURVEY_PANELS
from .technology import TECH_BY_REGION, TECH_BY_YEAR, TECH_COUNTS, TECH_PAIRS

PANELS: dict[str, Panel] = {p.id: p for p in (
    KEY_FIGURES, SELECTIONS_BY_YEAR, TECH_COUNTS, TECH_BY_YEAR, TECH_PAIRS, TECH_BY_REGION)}
PANELS.update({p.id: p for p in (*PROGRAM_PANELS, SHARING)})
PANELS.update({p.id: p for p in (*SELECTIONS_PANELS, *SURVEY_PANELS)})
PANELS[PROJECT_MAP.id] = PROJECT_MAP

__all__ = ["PANELS", "Column", "Context", "Metric", "Output", "Panel"]
