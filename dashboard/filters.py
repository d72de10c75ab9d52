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


class Watched:
    """Filters handed to a panel builder whose result may be kept for every filter set matching the same projects
    (render/shown.py). Reading them in any way but `is_default` (a field, as_params, hashing, comparing) marks them
    `read`: the result may then depend on the filters themselves and is kept for this filter set only. The questions
    that follow only the matching projects (query.follows_matches_only) take them without marking them (data.run)."""
    __slots__ = ("filters", "read")

    def __init__(self, filters: Filters):
        self.filters = filters
        self.read = False

    @property
    def is_default(self) -> bool:
        return self.filters.is_default

    def __getattr__(self, name: str):  # only names not found on the object itself: the fields, as_params, …
        self.read = True
        return getattr(self.filters, name)

    def __hash__(self) -> int:
        self.read = True
        return hash(self.filters)

    def __eq__(self, other) -> bool:
        self.read = True
        return self.filters == (other.filters if isinstance(other, Watched) else other)

    def __repr__(self) -> str:
        return f"Watched({self.filters!r})"
