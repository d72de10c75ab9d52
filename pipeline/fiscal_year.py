"""Japanese fiscal-year labels (和暦) <-> Western start years.

Only the canonical labels are accepted: H20–H30 (Heisei) and R1–R20 (Reiwa). FY2019 is always
'R1', never 'H31', so that a year has exactly one label.
"""
from __future__ import annotations

import re

_LABEL = re.compile(r"^(H|R)([1-9][0-9]?)$")
ACCEPTED_TEXT = "H20–H30 or R1–R20 (ASCII letter and digits, e.g. 'H30', 'R4')"


def to_western(label: str) -> int | None:
    """'H30' -> 2018, 'R4' -> 2022; None when the label is not canonical."""
    m = _LABEL.match(label or "")
    if not m:
        return None
    era, n = m.group(1), int(m.group(2))
    if era == "H" and 20 <= n <= 30:
        return 1988 + n
    if era == "R" and 1 <= n <= 20:
        return 2018 + n
    return None


def to_label(year: int) -> str:
    """2018 -> 'H30', 2019 -> 'R1'."""
    return f"H{year - 1988}" if year <= 2018 else f"R{year - 2018}"


def display(year: int) -> str:
    """How the UI shows a fiscal year: 'R2 (2020)'."""
    return f"{to_label(year)} ({year})"


def of_date(day) -> int:
    """The Western start year of the Japanese fiscal year (1 April – 31 March) containing `day`:
    2023-02-21 -> 2022 (R4), 2023-04-01 -> 2023 (R5)."""
    return day.year if day.month >= 4 else day.year - 1
