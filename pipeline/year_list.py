"""Read a candidate 支援自治体一覧 (a fiscal year's list of supported projects) and say everything wrong with it.

The list is kept by an official in Excel, in the layout of the published list (001 p.3):

    No | 自治体名 | 主な活用技術 | 採択年度 | (※)

「等」 at the end of 主な活用技術 means the list goes on (technologies_more); the (※) mark, in its own column or
after the applicant as printed, means MLIT's autonomous-driving support (mlit_av_support).

`read_list(data, filename, base)` accepts .xlsx or CSV (UTF-8 with or without BOM, or CP932 as Japanese Excel
writes it) and returns every row it could read plus every problem, each with row, column, value and a Japanese
message that says the fix. It never stops at the first problem and never writes anything: `make add-year`
(pipeline/add_year.py) and the ファイルの確認 page both use it, and only the command publishes.

The checks are the build's own where one exists: characters (pipeline/charset.py), formulas and markup
(readers.markup_problem), notes in fact cells (facts_only.note_problem), areas against the official code list
(areas.AreaIndex), the same project under another spelling (checks._area_key), fiscal-year labels
(fiscal_year.to_western). The build runs them all again on the sources this list becomes.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace

from . import charset, fiscal_year
from .areas import AreaIndex
from .errors import BuildError
from .facts_only import note_problem
from .readers import limits_of, markup_problem

# Limits, stated on the ファイルの確認 page and checked before anything is parsed. Rows: the build's own limit for
# supported_projects.csv (readers.FILE_LIMITS). Bytes: an .xlsx of 500 rows is about 20 KB; 1 MiB leaves room
# for formatting without letting a runaway export in.
MAX_BYTES = 1_048_576
MAX_ROWS = limits_of("supported_projects.csv")[1]
# An .xlsx is a zip: its parts, unpacked, may not exceed this (a small file that unpacks to gigabytes is refused
# before openpyxl reads it).
MAX_UNPACKED_BYTES = 20 * 1_048_576

# Column key -> (heading as published, accepted spellings after removing spaces and NFKC)
COLUMNS = {
    "no": ("No", ("no", "no.", "番号")),
    "applicant": ("自治体名", ("自治体名", "自治体", "提案者")),
    "technologies": ("主な活用技術", ("主な活用技術", "活用技術")),
    "year": ("採択年度", ("採択年度", "選定年度")),
    "mlit": ("(※)", ("(※)", "※")),
}
REQUIRED = ("no", "applicant", "technologies", "year")
HEADING = {k: v[0] for k, v in COLUMNS.items()}
PREFERRED_SHEET = "支援自治体一覧"
_MARK = re.compile(r"[(（]\s*※\s*[)）]\s*$")
_MORE = re.compile(r"[\s\u3000]*等$")
_SPACES = " \u3000"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the list: where (row as the spreadsheet numbers it, column heading), the value as
    read, and a Japanese sentence that says what to do."""
    row: int | None
    column: str | None
    value: str | None
    message: str

    @property
    def text(self) -> str:
        where = " ".join(p for p in ((f"{self.row}行目" if self.row else None), self.column) if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ListRow:
    row: int
    list_no: int
    applicant: str
    technologies: list[str]
    technologies_more: bool
    selected_fy_label: str
    mlit_av_support: bool
    area_key: frozenset = frozenset()
    first_code: str = ""  # area code of the applicant's first area (the list's sort key)


@dataclass
class YearList:
    rows: list[ListRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    file_kind: str | None = None  # "xlsx" or "csv"
    encoding: str | None = None  # for CSV: "UTF-8", "UTF-8 (BOM)", "CP932"
    sheet: str | None = None
    footnotes: list[str] = field(default_factory=list)
    ended_list: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, row, column, value, message) -> None:
        self.problems.append(Problem(row, HEADING.get(column, column), value, message))


@dataclass
class Base:
    """What a list is checked against: the latest source set (vocabulary, previous list, counts) and the code list."""
    vocabulary: list[str]
    areas: AreaIndex
    previous: list[dict]  # rows of the previous supported_projects.csv
    counts: dict[str, int]  # fiscal_year_label -> published selection count (program_selections.csv)
    previous_as_of: str
    support_years: int = 5

    @classmethod
    def from_loaded(cls, ld) -> "Base":
        from .tables import FOCUS_PROGRAM, SUPPORT_MAX_YEARS
        vocab = [t["technology"] for t in sorted(ld.technologies, key=lambda t: t["display_order"])]
        counts = {r["fiscal_year_label"]: r["selected_count"] for r in ld.selections if r["program"] == FOCUS_PROGRAM}
        return cls(vocab, ld.areas, list(ld.supported), counts, ld.as_of, SUPPORT_MAX_YEARS)


# ---------------------------------------------------------------- reading the file into cells

def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _decode(data: bytes, out: YearList) -> str | None:
    """The CSV's text, or None with a problem that names the encoding or format it seems to be."""
    if data.startswith(b"PK\x03\x04"):
        out.add(None, None, None, "Excel ファイル (.xlsx) のようですが、名前が .csv です。拡張子を .xlsx にしてください。")
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        out.add(None, None, None, "古い Excel 形式 (.xls) は読めません。Excel で「Excel ブック (.xlsx)」として保存し直してください。")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        out.add(None, None, None, "文字コードが UTF-16 (Excel の「Unicode テキスト」) です。受け付けるのは UTF-8 と "
                "CP932 (Shift_JIS) だけです。Excel で「CSV UTF-8 (コンマ区切り)」として保存し直してください。")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            out.encoding = "UTF-8 (BOM)"
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as e:
            out.add(_line_of(data, e.start + 3), None, None, f"UTF-8 の BOM がありますが、{e.start + 3} バイト目が "
                    "UTF-8 として読めません。「CSV UTF-8 (コンマ区切り)」として保存し直してください。")
            return None
    try:
        text = data.decode("utf-8")
        out.encoding = "UTF-8"
        return text
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
        out.encoding = "CP932"
        return text
    except UnicodeDecodeError as e:
        guess = _guess_encoding(data)
        named = f"文字コードが {guess} のようです。" if guess else "文字コードが UTF-8 でも CP932 (Shift_JIS) でもありません。"
        out.add(_line_of(data, e.start), None, None, named + "受け付けるのは UTF-8 と CP932 (Shift_JIS) だけです。"
                "Excel で「CSV UTF-8 (コンマ区切り)」として保存し直してください。")
        return None


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _guess_encoding(data: bytes) -> str | None:
    for codec, name in (("euc_jp", "EUC-JP"), ("iso2022_jp", "JIS (ISO-2022-JP)"), ("utf_16", "UTF-16")):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, UnicodeError):
            continue
        if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text):
            return name
    if b"\x1b$B" in data:
        return "JIS (ISO-2022-JP)"
    return None


def _csv_cells(data: bytes, out: YearList) -> list[tuple[int, list[str]]] | None:
    text = _decode(data, out)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, start = [], 1
    try:
        for record in reader:
            rows.append((start, record))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS + 20:
                break
    except csv.Error as e:
        out.add(start, None, None, f"CSV として読めません ({e})。値にコンマや改行を含むときは \"…\" で囲んでください。")
        return None
    return rows


def _xlsx_cells(data: bytes, out: YearList, sheet: str | None) -> list[tuple[int, list[str]]] | None:
    import openpyxl  # only for .xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        unpacked = 0  # reported below, by openpyxl's failure to open it
    if unpacked > MAX_UNPACKED_BYTES:
        out.add(None, None, f"{unpacked:,} bytes", f"展開すると {unpacked:,} バイトになる .xlsx です (上限 "
                f"{MAX_UNPACKED_BYTES:,} バイト)。一覧のシートだけを新しいブックに貼り付けて保存してください。")
        return None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        out.add(None, None, None, f"Excel ファイル (.xlsx) として開けません ({type(e).__name__})。Excel で開いて"
                "「Excel ブック (.xlsx)」として保存し直してください。")
        return None
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            out.add(None, None, sheet, f"シート '{sheet}' がありません。このファイルのシート: {'、'.join(names)}。")
            return None
        candidates = [sheet]
    else:
        required = ENDED_REQUIRED if out.ended_list else REQUIRED
        with_header = [n for n in names if _find_header(_sheet_rows(wb[n], 15), required)[0] is not None]
        if len(with_header) == 1:
            candidates = with_header
        elif PREFERRED_SHEET in with_header:
            candidates = [PREFERRED_SHEET]
        elif len(with_header) > 1:
            out.add(None, None, "、".join(with_header), "一覧の見出しがあるシートが複数あります。一覧は1つのシートだけに"
                    f"してください (シート名を '{PREFERRED_SHEET}' にすると、そのシートを読みます)。")
            return None
        else:
            out.add(None, None, "、".join(names), "どのシートにも一覧の見出し (" + "、".join(HEADING[c] for c in REQUIRED)
                    + ") がありません。支援自治体一覧のシートを、見出しの行ごと入れてください。")
            return None
    ws = wb[candidates[0]]
    out.sheet = ws.title
    if ws.max_row and ws.max_row > MAX_ROWS + 20:
        out.add(None, None, str(ws.max_row), f"シート '{ws.title}' に {ws.max_row:,} 行あります。上限は {MAX_ROWS:,} 行です。"
                "一覧以外の行を消してください。")
        return None
    for rng in ws.merged_cells.ranges:
        out.add(rng.min_row, None, str(rng.coord), f"セル {rng.coord} が結合されています。結合を解除し、各行のセルに"
                "値を入れてください。")
    return _sheet_rows(ws, None)


def _sheet_rows(ws, limit: int) -> list[tuple[int, list[str]]]:
    out = []
    for r in ws.iter_rows(max_row=limit):  # a formula cell reads as its formula text ("=SUM(…)")
        out.append((r[0].row if r else len(out) + 1, [_cell_text(c.value) for c in r]))
    return out


def _norm_heading(text: str) -> str:
    return unicodedata.normalize("NFKC", "".join(ch for ch in text if ch not in _SPACES)).lower()


def _find_header(rows, required=REQUIRED) -> tuple[int | None, dict[str, int]]:
    """(index into rows, column key -> position) of the first row holding every required heading."""
    for i, (_, cells) in enumerate(rows[:15]):
        found = {}
        for pos, cell in enumerate(cells):
            key = next((k for k, (_, spellings) in COLUMNS.items() if _norm_heading(cell) in spellings), None)
            if key and key not in found:
                found[key] = pos
        if all(k in found for k in required):
            return i, found
    return None, {}


# ---------------------------------------------------------------- cells -> rows

def _char_problem(value: str) -> str | None:
    """A Japanese sentence for the first character the build would reject, with the ordinary spelling."""
    bad = charset.first_problem(value)
    if not bad:
        return None
    pos, ch, _ = bad
    cp = ord(ch)
    if 0xFF61 <= cp <= 0xFF9F:
        what = "半角カタカナ"
    elif charset.lookalike_problem(ch):
        what = f"見た目が同じ別の文字 '{ch}' (U+{cp:04X})"
    else:
        what = f"見えない文字 (U+{cp:04X}, {unicodedata.name(ch, '名前なし')})"
    fixed = charset.suggest(value)
    return f"{pos}文字目に{what}があります。'{fixed}' と書いてください。"


def _cell_problem(value: str) -> str | None:
    if not value:
        return None
    why = _char_problem(value)
    if why:
        return why
    markup = markup_problem(value)
    if markup:
        if markup.startswith("starts with"):
            return (f"'{value[0]}' で始まる値は表計算ソフトが数式として扱います。数式は使えません。値だけを貼り付けるか、"
                    f"先頭の '{value[0]}' を消してください。")
        if "line break" in markup or "tab" in markup:
            return "セルの中に改行かタブがあります。1行の値にしてください。"
        return "マークアップ (リンク・HTML タグ・強調記号) は使えません。資料に印刷されたとおりの文字だけにしてください。"
    return None


def _applicant(value: str, base: Base, out: YearList, row: int) -> tuple[str, bool, frozenset] | None:
    mlit = bool(_MARK.search(value))
    name = _MARK.sub("", value).strip(_SPACES) if mlit else value.strip(_SPACES)
    if not name:
        out.add(row, "applicant", value, "自治体名が空です。都道府県名から書いてください (例: 大阪府河内長野市)。")
        return None
    if "※" in name:
        out.add(row, "applicant", value, "※ は自治体名の後ろに (※) と書くか、(※) の列に書いてください。")
        return None
    parts = [p.strip(_SPACES) for p in re.split("[、,，]", name)]
    if any(p == "" for p in parts):
        out.add(row, "applicant", value, "自治体名の区切り「、」の前後が空です。")
        return None
    joined = "、".join(parts)
    first = parts[0]
    pref = next((p for n, p in base.areas.prefectures.items() if first.startswith(n)), None)
    if pref is None:
        close = difflib.get_close_matches(first[:4], list(base.areas.prefectures), n=1, cutoff=0.5)
        hint = f" {close[0]} ですか？" if close else ""
        out.add(row, "applicant", value, f"'{first}' が都道府県名で始まっていません。都道府県名から書いてください "
                f"(例: 大阪府、河内長野市 / 愛知県豊橋市)。{hint}")
        return None
    names = [first[len(pref["pref_name"]):]] + parts[1:]
    ok = True
    for i, part in enumerate(names):
        if not part and i == 0:
            continue
        if part in base.areas.prefectures:
            out.add(row, "applicant", value, f"'{part}' は2つ目の都道府県です。1つの事業の自治体は、都道府県のあとに"
                    "その市町村だけを書いてください。")
            ok = False
            continue
        if (pref["pref_code"], part) not in base.areas.municipalities:
            close = base.areas.near(pref["pref_code"], part)
            hint = f"{' / '.join(close)} ですか？" if close else "市町村コード表 (data/reference/municipalities.csv) の名前で書いてください。"
            out.problems.append(Problem(row, HEADING["applicant"], part,
                                        f"'{part}' は{pref['pref_name']}の市町村コード表にありません。{hint}"))
            ok = False
    if not ok:
        return None
    from .checks import _area_key  # the build's notion of "the same areas" (a prefecture before its city drops)
    key = _area_key(SimpleNamespace(areas=base.areas), joined, {"file": "list", "line": row})
    first_code = base.areas.parse(joined, {"file": "list", "line": row})[0]["area_code"]
    return joined, mlit, key, first_code


def _technologies(value: str, base: Base, out: YearList, row: int) -> tuple[list[str], bool] | None:
    text = value.strip(_SPACES)
    more = bool(_MORE.search(text))
    text = _MORE.sub("", text)
    if not text:
        out.add(row, "technologies", value, "主な活用技術が空です。技術を「、」で区切って書いてください (例: AI、IoT 等)。")
        return None
    items = [t.strip(_SPACES) for t in re.split("[、,，]", text)]
    ok = True
    for item in items:
        if item in base.vocabulary:
            continue
        split = [p for p in re.split("[・/／]", item)]
        if len(split) > 1 and all(p in base.vocabulary for p in split):
            out.add(row, "technologies", value, f"'{item}' は2つの技術です。「{'、'.join(split)}」と「、」で区切ってください。")
        else:
            close = difflib.get_close_matches(item, base.vocabulary, n=2, cutoff=0.5)
            hint = f"{' / '.join(close)} ですか？" if close else ("使える技術: " + "、".join(base.vocabulary) + "。新しい技術なら、"
                                                               "make add-year の TECHNOLOGIES=技術名=英語名 で加えてください。")
            out.add(row, "technologies", item, f"'{item}' は技術の一覧 (technologies.csv) にありません。{hint}")
        ok = False
    dupes = sorted({i for i in items if items.count(i) > 1})
    if dupes:
        out.add(row, "technologies", value, f"'{dupes[0]}' が2回書かれています。1回にしてください。")
        ok = False
    return (items, more) if ok else None


_FY_LOOSE = re.compile(r"^(令和|平成|R|H)\s*(元|\d{1,2})\s*(年度?)?$")


def _year(value: str, out: YearList, row: int, list_fy: int | None, first_fy: int | None) -> str | None:
    label = value.strip(_SPACES)
    if fiscal_year.to_western(label) is None:
        loose = unicodedata.normalize("NFKC", label).upper()
        m = _FY_LOOSE.match(loose)
        fixed = None
        if m:
            era = {"令和": "R", "平成": "H"}.get(m.group(1), m.group(1))
            n = 1 if m.group(2) == "元" else int(m.group(2))
            if era == "H" and n == 31:
                era, n = "R", 1
            cand = f"{era}{n}"
            fixed = cand if fiscal_year.to_western(cand) else None
        hint = f"'{fixed}' と書いてください。" if fixed else fiscal_year.ACCEPTED_TEXT.replace(
            "or", "または").replace("(ASCII letter and digits, e.g. 'H30', 'R4')", "(半角英数字、例: H30、R4)") + " で書いてください。"
        out.add(row, "year", value, f"採択年度 '{value}' は年度の書き方ではありません。{hint}")
        return None
    year = fiscal_year.to_western(label)
    if list_fy is not None and year > list_fy:
        out.add(row, "year", value, f"採択年度 {label} は一覧の年度 ({fiscal_year.to_label(list_fy)}) より後です。"
                "採択年度か、一覧の時点 (AS_OF) を確かめてください。")
        return None
    if first_fy is not None and year < first_fy:
        out.add(row, "year", value, f"採択年度 {label} は事業の最初の選定年度 ({fiscal_year.to_label(first_fy)}) より前です。")
        return None
    return label


def _no(value: str, out: YearList, row: int) -> int | None:
    text = value.strip(_SPACES).rstrip(".")
    if text.isascii() and text.isdigit() and int(text) >= 1:
        return int(text)
    norm = unicodedata.normalize("NFKC", text)
    if norm.isascii() and norm.isdigit():
        out.add(row, "no", value, f"No は半角数字で書いてください: '{norm}'。")
    else:
        out.add(row, "no", value, "No は 1 からの番号 (半角数字) です。")
    return None


def _mlit(value: str, out: YearList, row: int) -> bool | None:
    v = value.strip(_SPACES)
    if v in ("", "-", "－"):
        return False
    if unicodedata.normalize("NFKC", v) in ("※", "(※)", "○", "〇"):
        return True
    out.add(row, "mlit", value, "(※) の列には ※ か (※) を書くか、空にしてください。")
    return None


ENDED_REQUIRED = ("no", "applicant", "technologies")


def read_list(data: bytes, filename: str, base: Base, *, as_of_fy: int | None = None, sheet: str | None = None,
              counts: dict[str, int] | None = None, ended: bool = False) -> YearList:
    """Every row and every problem of a candidate list. `as_of_fy`: the fiscal year the list describes (no
    selection may be later); `counts`: the per-year selection counts to publish with it (checked against the
    list and the previous counts). `ended=True` reads a list of projects whose support ends (001 p.8: No,
    自治体名, 主な活用技術; their selection year is as_of_fy − 4 by the five-year rule)."""
    out = YearList()
    out.ended_list = ended
    name = filename.lower()
    if len(data) > MAX_BYTES:
        out.add(None, None, f"{len(data):,} bytes", f"ファイルが大きすぎます ({len(data):,} バイト)。上限は "
                f"{MAX_BYTES:,} バイト ({MAX_BYTES // 1024:,} KB) です。一覧のシートだけを保存してください。")
        return out
    if not data.strip():
        out.add(None, None, None, "ファイルが空です。")
        return out
    if name.endswith((".xlsx", ".xlsm")):
        out.file_kind = "xlsx"
        cells = _xlsx_cells(data, out, sheet)
    elif name.endswith((".csv", ".txt")):
        out.file_kind = "csv"
        cells = _csv_cells(data, out)
    elif name.endswith(".xls"):
        out.add(None, None, filename, "古い Excel 形式 (.xls) は読めません。「Excel ブック (.xlsx)」として保存し直してください。")
        return out
    else:
        out.add(None, None, filename, "読めるのは .xlsx と .csv (UTF-8 または CP932) だけです。")
        return out
    if cells is None:
        return out
    _rows(cells, base, out, as_of_fy=as_of_fy)
    if counts is not None:
        _check_counts(out, base, counts)
    return out


def _rows(cells, base: Base, out: YearList, *, as_of_fy: int | None) -> None:
    hi, pos = _find_header(cells, ENDED_REQUIRED if out.ended_list else REQUIRED)
    if hi is None and cells and any("\t" in c for c in cells[0][1]):
        out.add(cells[0][0], None, None, "タブ区切りのファイルのようです。Excel で「CSV UTF-8 (コンマ区切り)」"
                "として保存してください。")
        return
    if hi is None:
        out.add(cells[0][0] if cells else None, None, ", ".join(cells[0][1]) if cells else None,
                "一覧の見出しが見つかりません。1行目に No、自治体名、主な活用技術、採択年度 (と (※)) の見出しを入れてください。")
        return
    header_row, header = cells[hi]
    body = [(r, c) for r, c in cells[hi + 1:] if any(x.strip() for x in c)]
    if len(body) > MAX_ROWS:
        out.add(None, None, str(len(body)), f"データが {len(body):,} 行あります。上限は {MAX_ROWS:,} 行です。")
        return
    first_fy = min((fiscal_year.to_western(label) for label in base.counts), default=None)
    seen_no: dict[int, int] = {}
    numbers: list[tuple[int, int]] = []
    seen_key: dict[tuple, ListRow] = {}
    ended_table = False
    for row, c in body:
        get = (lambda k: c[pos[k]] if k in pos and pos[k] < len(c) else "")
        no_text, applicant = get("no").strip(_SPACES), get("applicant")
        if not no_text or not applicant.strip(_SPACES):
            text = " ".join(x.strip() for x in c if x.strip())
            total = _total_row(text)
            if total is not None:
                if total != len(out.rows):
                    out.add(row, None, text, f"合計の行は {total} 事業ですが、一覧は {len(out.rows)} 行です。合計か一覧を"
                            "直してください。")
                continue
            if ended_table or not out.rows or _looks_like_note(text):
                out.footnotes.append(text)
                ended_table = True
                continue
            out.add(row, "no" if not no_text else "applicant", text, "No か自治体名が空の行です。空の行は消し、"
                    "事業の行には両方を書いてください。")
            continue
        if ended_table:
            out.add(row, None, " ".join(c), "注記のあとに事業の行があります。一覧の下に注記以外を書かないでください。")
        values = {k: get(k) for k in pos}
        raw_no = values["no"].strip(_SPACES)
        if raw_no.isascii() and raw_no.isdigit():
            numbers.append((row, int(raw_no)))  # the No sequence is checked over every row, readable or not
        bad = False
        for k, v in values.items():
            why = _cell_problem(v)
            if why is None and k in ("applicant", "technologies") and v:
                note = note_problem(_MARK.sub("", v))
                if note:
                    why = "注記 (※ や 注:) は一覧の値に書けません。(※) は自治体名の後ろか (※) の列に書いてください。"
            if why:
                out.add(row, k, v, why)
                bad = True
        if bad:
            continue
        no = _no(values["no"], out, row)
        area = _applicant(values["applicant"], base, out, row)
        tech = _technologies(values["technologies"], base, out, row)
        if out.ended_list:
            values["year"] = fiscal_year.to_label(as_of_fy - base.support_years + 1) if as_of_fy else ""
        label = _year(values["year"], out, row, as_of_fy, first_fy)
        mark = _mlit(values.get("mlit", ""), out, row)
        if None in (no, area, tech, label, mark):
            continue
        applicant_name, mlit_in_name, key, first_code = area
        if no in seen_no:
            out.add(row, "no", values["no"], f"No {no} は {seen_no[no]}行目と重なっています。番号を振り直してください。")
            continue
        seen_no[no] = row
        first = seen_key.get((label, key))
        if first is not None:
            out.add(row, "applicant", values["applicant"], f"{first.row}行目 ('{first.applicant}') と同じ事業です "
                    f"(同じ自治体、同じ採択年度 {label})。1行にまとめてください。")
            continue
        item = ListRow(row, no, applicant_name, tech[0], tech[1], label, mark or mlit_in_name, key, first_code)
        seen_key[(label, key)] = item
        out.rows.append(item)
    if not out.rows and not out.problems:
        out.add(None, None, None, "見出しの下に事業の行がありません。")
    _order(out, numbers)
    if not out.ended_list:
        _against_previous(out, base, as_of_fy)


def _total_row(text: str) -> int | None:
    m = re.match(r"^(合計|計|総計)\s*[:：]?\s*(\d+)\s*(事業|件)?$", unicodedata.normalize("NFKC", text))
    return int(m.group(2)) if m else None


def _looks_like_note(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text)
    return t.startswith(("※", "(※)", "注", "No は", "Noは", "出典", "<", "＜")) or note_problem(text) is not None


def _order(out: YearList, numbers: list[tuple[int, int]]) -> None:
    """No runs 1, 2, 3 … in the list's order, and the list is in prefecture/municipality code order (001 p.3:
    「Noは、都道府県コード、市町村コード順」)."""
    for i, (row, no) in enumerate(numbers, start=1):
        if no != i and no not in [n for _, n in numbers[:i - 1]]:  # a repeated No is reported as such
            out.add(row, "no", str(no), f"No が順番どおりではありません: ここは {i} のはずです。1 から順に"
                    "振り直してください。")
            break
    # a prefecture's own code (01) comes before its municipalities (01204): pad it to 5 digits with zeros
    def code(r: ListRow) -> str:
        return r.first_code.ljust(5, "0")
    for before, after in zip(out.rows, out.rows[1:]):
        if code(after) < code(before):
            out.add(after.row, "applicant", after.applicant, f"都道府県コード・市町村コード順になっていません "
                    f"('{before.applicant}' より前に来ます)。一覧は都道府県コード、市町村コード順に並べてください。")
            break


def _against_previous(out: YearList, base: Base, as_of_fy: int | None) -> None:
    """A project of an earlier year continues from the previous list (same areas, same year): a row that is not
    there is a typo or a wrong year. A project past its last year of support (5 years) cannot be listed."""
    prev = {}
    for p in base.previous:
        try:
            key = _area_key_of(base, p["applicant"])
        except BuildError:
            continue
        prev[(p["selected_fy_label"], key)] = p
    prev_years = {p["selected_fy_label"] for p in base.previous}
    newest_prev = max((fiscal_year.to_western(y) for y in prev_years), default=None)
    for r in out.rows:
        fy = fiscal_year.to_western(r.selected_fy_label)
        if as_of_fy is not None and fy + base.support_years - 1 < as_of_fy:
            out.add(r.row, "year", r.selected_fy_label, f"{r.selected_fy_label} に選定された事業の支援は最長"
                    f"{base.support_years}年 ({fiscal_year.to_label(fy + base.support_years - 1)} まで) です。"
                    f"{fiscal_year.to_label(as_of_fy)} の一覧には載りません。採択年度を確かめてください。")
            continue
        if newest_prev is not None and fy <= newest_prev and (r.selected_fy_label, r.area_key) not in prev:
            same_area = [p for (y, k), p in prev.items() if k == r.area_key]
            hint = (f"前回の一覧では {'、'.join(p['selected_fy_label'] for p in same_area)} 採択です。" if same_area
                    else "前回の一覧にこの自治体の事業はありません。")
            out.add(r.row, "applicant", r.applicant, f"{r.selected_fy_label} 採択の '{r.applicant}' は前回の一覧 "
                    f"({base.previous_as_of}) にありません。{hint}採択年度か自治体名を確かめてください。")


def _area_key_of(base: Base, applicant: str) -> frozenset:
    from .checks import _area_key
    return _area_key(SimpleNamespace(areas=base.areas), applicant, {"file": "supported_projects.csv"})


def _check_counts(out: YearList, base: Base, counts: dict[str, int]) -> None:
    """The per-year selection counts to publish: earlier years as already published, and at least as many
    selections as the list has projects of each year."""
    for label, count in counts.items():
        if label in base.counts and base.counts[label] != count:
            out.add(None, "選定数", f"{label}={count}", f"{label} の選定数は {base.counts[label]} と公表済みです "
                    f"({count} ではありません)。公表済みの年度の数は変えられません。")
    listed: dict[str, int] = {}
    for r in out.rows:
        listed[r.selected_fy_label] = listed.get(r.selected_fy_label, 0) + 1
    for label, n in sorted(listed.items(), key=lambda kv: fiscal_year.to_western(kv[0])):
        count = counts.get(label, base.counts.get(label))
        if count is None:
            out.add(None, "選定数", label, f"{label} 採択の事業が {n} 件ありますが、{label} の選定数がありません。"
                    f"COUNTS に {label}=<選定数> を加えてください。")
        elif n > count:
            out.add(None, "選定数", f"{label}={count}", f"{label} の選定数は {count} ですが、一覧には {label} 採択の"
                    f"事業が {n} 件あります。選定数か一覧を直してください。")


def parse_counts(text: str) -> dict[str, int]:
    """'H30=14,R1=8' -> {'H30': 14, 'R1': 8}; ValueError with a Japanese message when malformed."""
    counts: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in re.split("[,、]", text or ""))):
        m = re.match(r"^([A-Z]\d{1,2})\s*[=:]\s*(\d+)$", part)
        if not m or fiscal_year.to_western(m.group(1)) is None:
            raise ValueError(f"選定数 '{part}' が読めません。'R5=6' のように 年度=数 を「,」で区切って書いてください。")
        if int(m.group(2)) == 0:
            raise ValueError(f"選定数 '{part}': 0 は書きません (選定のない年度は書かないでください)。")
        counts[m.group(1)] = int(m.group(2))
    return counts
