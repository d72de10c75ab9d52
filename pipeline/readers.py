"""Read one source CSV strictly: UTF-8, exact header, typed cells, ordinary characters only.

Each file has a schema: column name -> kind. A kind is a parser that returns the typed value or
raises ValueError with the accepted form; the reader turns that into a BuildError that names
file, line and column.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Callable

from . import charset, fiscal_year
from .errors import BuildError

Parser = Callable[[str], object]


class Invalid(ValueError):
    def __init__(self, problem: str, accepted: str):
        super().__init__(problem)
        self.problem, self.accepted = problem, accepted


def _required(parse: Parser, accepted: str) -> Parser:
    def inner(text: str):
        if text == "":
            raise Invalid("empty value where one is required", accepted)
        return parse(text)
    return inner


def _optional(parse: Parser) -> Parser:
    return lambda text: None if text == "" else parse(text)


def _int(text: str) -> int:
    if not text.isascii() or not text.lstrip("-").isdigit():
        raise Invalid("not a whole number", "ASCII digits, e.g. 12 (no full-width digits, no units)")
    return int(text)


def _count(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise Invalid("a count cannot be negative", "0 or more")
    return value


def _bool(text: str) -> bool:
    if text not in ("true", "false"):
        raise Invalid("not a boolean", "true or false")
    return text == "true"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid("not an ISO date", "YYYY-MM-DD, e.g. 2023-02-21") from None


def _fy_label(text: str) -> str:
    if fiscal_year.to_western(text) is None:
        raise Invalid("unknown fiscal-year label", fiscal_year.ACCEPTED_TEXT)
    return text


def _page(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise Invalid("a page number starts at 1", "1 or more")
    return value


def _text(text: str) -> str:
    return text


TEXT = _required(_text, "any text")
TEXT_OPT = _optional(_text)
INT = _required(_int, "a whole number")
COUNT = _required(_count, "a whole number, 0 or more")
COUNT_OPT = _optional(_count)
BOOL = _required(_bool, "true or false")
DATE = _required(_date, "YYYY-MM-DD")
DATE_OPT = _optional(_date)
FY_LABEL = _required(_fy_label, fiscal_year.ACCEPTED_TEXT)
PAGE = _required(_page, "a page number, 1 or more")
NOTES = TEXT_OPT  # free text: corrections are documented here, so look-alikes are allowed in it


def tech_list(vocabulary: list[str]) -> Parser:
    accepted = "technologies separated by 、 from: " + ", ".join(vocabulary)

    def parse(text: str) -> list[str]:
        items = text.split("、")
        for item in items:
            if item not in vocabulary:
                raise Invalid(f"unknown technology {item!r}", accepted)
        if len(set(items)) != len(items):
            raise Invalid("a technology is listed twice", accepted)
        return items
    return _required(parse, accepted)


_CSV_ACCEPTED = ("plain comma-separated values; a value containing a comma, double quote or line break is "
                 "wrapped in double quotes, with its own double quotes doubled")


def read_csv(path: Path, schema: dict[str, Parser], *, label: str | None = None) -> list[dict]:
    """Rows of `path` as dicts of typed values, each with its CSV line number under '_line'."""
    name = label or path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BuildError(name, "file is missing", accepted="a UTF-8 CSV file at " + str(path)) from None
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a BOM; accept it
    except UnicodeDecodeError as e:
        line, column, value = raw[: e.start].count(b"\n") + 1, None, None
        if line > 1:  # name the cell: commas are single bytes in UTF-8 and Shift_JIS alike
            line_start = raw.rfind(b"\n", 0, e.start) + 1
            index = raw[line_start: e.start].count(b",")
            header = raw.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r").split(",")
            column = header[index] if index < len(header) else None
            cell = raw[line_start:].split(b"\n", 1)[0].rstrip(b"\r").split(b",")[index]
            value = cell.decode("cp932", errors="replace")
        raise BuildError(name, f"not valid UTF-8 (byte {e.start})"
                         + ("; the value is shown as read as Shift_JIS" if value is not None else ""),
                         line=line, column=column, value=value,
                         accepted="UTF-8 text (save as 'CSV UTF-8'; Shift_JIS is not accepted)") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BuildError(name, "file is empty", accepted="a header line: " + ",".join(schema)) from None
    except csv.Error as e:
        raise BuildError(name, f"malformed CSV: {e}", line=1, accepted=_CSV_ACCEPTED) from None
    missing = [c for c in schema if c not in header]
    if missing:
        raise BuildError(name, "missing column(s): " + ", ".join(missing), line=1,
                         value=",".join(header), accepted="header: " + ",".join(schema))
    extra = [c for c in header if c not in schema]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if extra or dupes:
        raise BuildError(name, "unexpected or repeated column(s): " + ", ".join(extra + dupes), line=1,
                         value=",".join(header), accepted="header: " + ",".join(schema))
    rows = []
    start = reader.line_num + 1  # first line of the next record (a quoted value may span lines)
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # blank line
            if len(record) != len(header):
                raise BuildError(name, f"{len(record)} fields where the header has {len(header)}", line=line,
                                 value=",".join(record), accepted="one value per column (quote values containing commas)")
            row = {"_line": line}
            for column, cell in zip(header, record):
                parse = schema[column]
                if cell != cell.strip():
                    raise BuildError(name, "leading or trailing space", line=line, column=column, value=cell,
                                     accepted="the value without surrounding spaces")
                if parse is not NOTES:
                    bad = charset.first_problem(cell)
                    if bad:
                        pos, ch, why = bad
                        raise BuildError(name, f"character {ch!r} (U+{ord(ch):04X}) at position {pos}: {why}",
                                         line=line, column=column, value=cell,
                                         accepted=f"ordinary characters, e.g. {charset.suggest(cell)!r}")
                try:
                    row[column] = parse(cell)
                except Invalid as e:
                    raise BuildError(name, e.problem, line=line, column=column, value=cell,
                                     accepted=e.accepted) from None
            rows.append(row)
    except csv.Error as e:
        raise BuildError(name, f"malformed CSV: {e}", line=start, accepted=_CSV_ACCEPTED) from None
    if not rows:
        raise BuildError(name, "no data rows", accepted="at least one row under the header")
    return rows


def require_unique(rows: list[dict], key: tuple[str, ...], file: str) -> None:
    seen: dict[tuple, int] = {}
    for row in rows:
        k = tuple(row[c] for c in key)
        if k in seen:
            raise BuildError(file, f"duplicate {'+'.join(key)} (first on line {seen[k]})", line=row["_line"],
                             column=key[0] if len(key) == 1 else None, value=" / ".join(map(str, k)),
                             accepted="each " + "+".join(key) + " once")
        seen[k] = row["_line"]
