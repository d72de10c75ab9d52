"""Read one source CSV strictly: UTF-8, exact header, typed cells, ordinary characters only.

Each file has a schema: column name -> kind. A kind is a parser that returns the typed value or
raises ValueError with the accepted form; the reader turns that into a BuildError that names
file, line and column.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
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
# Free text: corrections are documented here, so it may quote look-alikes and use = * _ < freely (never
# invisible characters). A parser of its own, not TEXT_OPT: the reader tells notes apart by identity, and
# when NOTES was TEXT_OPT every optional column (item, day_label, budget_note …) escaped the checks.
NOTES = _optional(_text)


def one_of(*values: str) -> Parser:
    """A closed vocabulary (e.g. count_basis: published | counted)."""
    accepted = "one of: " + ", ".join(values)

    def parse(text: str) -> str:
        if text not in values:
            raise Invalid("unknown value", accepted)
        return text
    return _required(parse, accepted)


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


# (bytes, data rows) each source file may have, checked before the file is parsed. About ten times the
# current transcription, rounded up: a document's tables do not grow tenfold, so a file beyond this is a
# wrong export or a runaway paste (a 50 MB program_facts.csv once put 17 million characters on a page).
# A genuinely longer document raises its file's limit here, deliberately.
FILE_LIMITS: dict[str, tuple[int, int]] = {
    "sources.csv": (16_384, 50),
    "technologies.csv": (8_192, 100),
    "supported_projects.csv": (65_536, 500),
    "h30_selections.csv": (32_768, 200),
    "support_completion_h30.csv": (16_384, 100),
    "program_totals.csv": (8_192, 50),
    "programs.csv": (65_536, 100),
    "program_selections.csv": (32_768, 300),
    "survey_responses.csv": (65_536, 300),
    "events.csv": (32_768, 100),
    "council_members.csv": (32_768, 300),
    "program_facts.csv": (131_072, 500),
    "slide_notes.csv": (16_384, 100),
    "translations_en.csv": (131_072, 500),
    "reference/municipalities.csv": (2_097_152, 5_000),
    "reference/names_en.csv": (1_048_576, 5_000),
}
DEFAULT_LIMIT = (65_536, 500)  # a source file not listed above


def limits_of(name: str) -> tuple[int, int]:
    return FILE_LIMITS.get(name, DEFAULT_LIMIT)


def _check_size(path: Path, name: str) -> bytes:
    """The file's bytes, refusing a file beyond its limits before anything is decoded or parsed."""
    max_bytes, max_rows = limits_of(name)
    accepted = (f"at most {max_bytes:,} bytes and {max_rows:,} data rows for {name} (about ten times the "
                "transcription of the source document; FILE_LIMITS in pipeline/readers.py)")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BuildError(name, "file is missing", accepted="a UTF-8 CSV file at " + str(path)) from None
    if size > max_bytes:
        raise BuildError(name, f"file is {size:,} bytes, more than the limit of {max_bytes:,} bytes",
                         accepted=accepted)
    raw = path.read_bytes()
    lines = len(raw.splitlines())  # an upper bound of the rows: a quoted value may span lines
    if lines - 1 > max_rows:
        raise BuildError(name, f"file has {lines:,} lines, more than the limit of {max_rows:,} data rows "
                         "(plus the header)", accepted=accepted)
    return raw


# Text that a spreadsheet would run or a page would render as markup instead of showing it.
_FORMULA_START = "=+@"
_MARKUP = (
    (re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"), "a markdown link [text](address)"),
    (re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>", re.IGNORECASE), "a markdown autolink <address>"),
    (re.compile(r"\b(?:javascript|vbscript):", re.IGNORECASE), "a script address (javascript:)"),
    (re.compile(r"<!--"), "an HTML comment"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), "an HTML tag"),
    (re.compile(r"\*\*\S(?:[^*]*\S)?\*\*|__\S(?:[^_]*\S)?__"), "markdown emphasis (**text** or __text__)"),
    # single * or _ emphasis; * works inside a word, _ does not (contact_mobility_pt@… is no emphasis)
    (re.compile(r"(?<!\*)\*[^*\s](?:[^*]*[^*\s])?\*(?!\*)|(?<![_\w])_[^_\s](?:[^_]*[^_\s])?_(?![_\w])"),
     "markdown emphasis (*text* or _text_)"),
)


def markup_problem(text: str) -> str | None:
    """Why `text` would act as a formula or markup rather than be shown as written, or None."""
    if text and text[0] in _FORMULA_START:
        return f"starts with {text[0]!r}, which a spreadsheet runs as a formula"
    for ch in "\t\r\n":
        if ch in text:
            return f"a {'tab' if ch == chr(9) else 'line break'} inside the value"
    for pattern, what in _MARKUP:
        m = pattern.search(text)
        if m:
            return f"markup: {what} ({m.group()!r})"
    return None


_MARKUP_ACCEPTED = ("plain text as printed in the document: no leading = + @, no markdown links or emphasis, "
                    "no HTML tags, no tabs or line breaks (free text with these belongs in notes)")

_CSV_ACCEPTED = ("plain comma-separated values; a value containing a comma, double quote or line break is "
                 "wrapped in double quotes, with its own double quotes doubled")


# The files every source set needs rows in. Any other file may be a header line only: a source set publishes
# what its documents say as of its date, and a table they say nothing about has zero rows (data/README.md).
NEVER_EMPTY = frozenset({"sources.csv", "technologies.csv"})


def read_csv(path: Path, schema: dict[str, Parser], *, label: str | None = None) -> list[dict]:
    """Rows of `path` as dicts of typed values, each with its CSV line number under '_line'."""
    name = label or path.name
    raw = _check_size(path, name)
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
    if not text.strip():  # nothing, a BOM, or only blank lines
        raise BuildError(name, "file is empty", accepted="a header line: " + ",".join(schema))
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
                # notes may quote the look-alikes they document, but nothing invisible
                bad = charset.first_problem(cell, lookalikes=parse is not NOTES)
                if bad:
                    pos, ch, why = bad
                    raise BuildError(name, f"character {ch!r} (U+{ord(ch):04X}) at position {pos}: {why}",
                                     line=line, column=column, value=cell,
                                     accepted=f"ordinary characters, e.g. {charset.suggest(cell)!r}")
                if parse is not NOTES:
                    markup = markup_problem(cell)
                    if markup:
                        raise BuildError(name, markup, line=line, column=column, value=cell,
                                         accepted=_MARKUP_ACCEPTED)
                try:
                    row[column] = parse(cell)
                except Invalid as e:
                    raise BuildError(name, e.problem, line=line, column=column, value=cell,
                                     accepted=e.accepted) from None
            rows.append(row)
    except csv.Error as e:
        raise BuildError(name, f"malformed CSV: {e}", line=start, accepted=_CSV_ACCEPTED) from None
    if not rows and name in NEVER_EMPTY:
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
