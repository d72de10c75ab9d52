"""The one filter state every page and query shares."""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("supported", "ended")
DEFAULT_STATUSES = ("supported",)


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean 'no restriction' (statuses default to the projects supported now)."""
    techs: tuple[str, ...] = ()
    fys: tuple[int, ...] = ()
    prefs: tuple[int, ...] = ()
    regions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = DEFAULT_STATUSES

    def as_params(self) -> dict[str, list]:
        """DuckDB parameters of queries/_filtered_projects.sql."""
        return {"tech": list(self.techs), "fy": list(self.fys), "pref": list(self.prefs),
                "region": list(self.regions), "status": list(self.statuses)}

    @property
    def is_default(self) -> bool:
        return self == Filters()
